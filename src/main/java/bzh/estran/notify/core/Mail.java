package bzh.estran.notify.core;

/** A composed mail: subject, plain text and HTML alternatives. */
public record Mail(String subject, String text, String html) {}
