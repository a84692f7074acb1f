package bzh.estran.web;

/** What a page does with one request. */
@FunctionalInterface
public interface PageHandler {
  void handle(WebRequest request) throws Exception;
}
