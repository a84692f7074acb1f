package bzh.estran.quota.core;

/** Why an admission was refused: which limit, in which scope, what was asked and what is left. */
public record Refusal(String limit, String scope, Object requested, Object remaining) {}
