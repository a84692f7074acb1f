package bzh.estran.dataset.core;

import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Values that look like direct identifiers: e-mail addresses, French phone numbers, French social
 * security numbers (NIR) and IBANs (checked with their mod-97 key, so that few codes match by
 * chance). Cheap tests on characters come before any regular expression.
 */
final class DirectIdentifiers {

  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
  private static final Pattern PHONE =
      Pattern.compile("(?:\\+33 ?|0033 ?|0)[1-9](?:[ .-]?[0-9]{2}){4}");
  private static final Pattern NIR =
      Pattern.compile(
          "[12] ?[0-9]{2} ?(?:0[1-9]|1[0-2]|[2-9][0-9]) ?(?:[0-9]{2}|2[AB]) ?[0-9]{3} ?[0-9]{3}(?: ?[0-9]{2})?");
  private static final Pattern IBAN = Pattern.compile("[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}");

  /** Every kind {@link #kind} returns. */
  static final java.util.List<String> KINDS =
      java.util.List.of("e-mail", "French phone number", "NIR", "IBAN");

  private DirectIdentifiers() {}

  /** The kind of direct identifier {@code value} looks like, or null. */
  static String kind(String value) {
    int length = value.length();
    if (length < 6 || length > 64) {
      return null;
    }
    if (value.indexOf('@') > 0 && EMAIL.matcher(value).find()) {
      return "e-mail";
    }
    String trimmed = value.trim();
    char first = trimmed.isEmpty() ? ' ' : trimmed.charAt(0);
    if ((first == '0' || first == '+') && PHONE.matcher(trimmed).matches()) {
      return "French phone number";
    }
    if ((first == '1' || first == '2') && NIR.matcher(trimmed).matches()) {
      return "NIR";
    }
    if (Character.isUpperCase(first) && IBAN.matcher(trimmed).matches() && ibanKey(trimmed)) {
      return "IBAN";
    }
    return null;
  }

  private static boolean ibanKey(String iban) {
    String compact = iban.replace(" ", "");
    String rearranged = compact.substring(4) + compact.substring(0, 4);
    StringBuilder digits = new StringBuilder();
    for (char c : rearranged.toCharArray()) {
      digits.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
    }
    return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
  }
}
