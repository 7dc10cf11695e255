package dev.rollrun.core.demo;

import dev.rollrun.core.ssh.RemoteCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.sshd.server.command.AbstractCommandSupport;

/** {@code demo-service start|stop|status}, run by a demo node's SSH server in-process. */
final class DemoServiceCommand extends AbstractCommandSupport {

  static final String NAME = "demo-service";

  private final DemoService service;

  DemoServiceCommand(String command, DemoService service) {
    super(command, null);
    this.service = service;
  }

  static boolean handles(String command) {
    String inner = RemoteCommand.unwrap(command).strip();
    return inner.startsWith(NAME + " ") || inner.equals(NAME);
  }

  @Override
  public void run() {
    String[] words = RemoteCommand.unwrap(getCommand()).strip().split("\\s+");
    String action = words.length > 1 ? words[1] : "";
    try {
      switch (action) {
        case "start" -> done(0, service.start());
        case "stop" -> done(0, service.stop());
        case "status" ->
            done(
                service.running() ? 0 : 3,
                service.running() ? "active (port " + service.port() + ")" : "inactive");
        default -> fail(2, "usage: demo-service start|stop|status");
      }
    } catch (IOException e) {
      fail(1, "demo service failed to start: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(130, "interrupted");
    }
  }

  private void done(int code, String line) throws IOException {
    getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    getOutputStream().flush();
    onExit(code);
  }

  private void fail(int code, String line) {
    try {
      getErrorStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
      getErrorStream().flush();
    } catch (IOException e) {
      // the client went away; the exit code still tells
    }
    onExit(code);
  }
}
