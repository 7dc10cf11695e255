package dev.rollrun.api;

/**
 * The answer to a task's HTTP request.
 *
 * @param status the HTTP status code
 * @param body the body as text (UTF-8)
 */
public record HttpReply(int status, String body) {

  /** True for a 2xx status. */
  public boolean ok() {
    return status >= 200 && status < 300;
  }
}
