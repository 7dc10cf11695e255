package dev.rollrun.core.ssh;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * Ends a remote command rollrun gives up on: the SSH "signal" channel request (RFC 4254 6.9) sends
 * it SIGTERM — OpenSSH's sshd (7.9 and later) passes it to the command's first process, {@code
 * timeout}, which passes it on to the command — then the channel is closed. Closing a channel alone
 * leaves a command without a terminal running on the host.
 */
final class RemoteSignal {

  private RemoteSignal() {}

  /** Sends SIGTERM, waits up to {@code grace} for the command to end, then closes the channel. */
  static void end(ChannelExec channel, Duration grace) {
    try {
      if (!channel.isClosed() && !channel.isClosing()) {
        Buffer request =
            channel.getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 32);
        request.putUInt(channel.getRecipient());
        request.putString("signal");
        request.putBoolean(false);
        request.putString("TERM");
        channel.writePacket(request);
        channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), grace);
      }
    } catch (IOException | RuntimeException e) {
      // the connection is gone: nothing more can be sent
    } finally {
      channel.close(true);
    }
  }
}
