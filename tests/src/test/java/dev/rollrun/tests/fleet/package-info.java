/**
 * A test fixture of real OpenSSH hosts on loopback, each with a small demo service, for rollrun's
 * end-to-end tests. Start with {@link dev.rollrun.tests.fleet.SshdFleet}.
 *
 * <p>A fleet's directory ({@code $TMPDIR/rollrun-fleets/fleet-NNN/}) holds:
 *
 * <pre>
 * id_ed25519, id_ed25519.pub   the test user's key (no passphrase)
 * authorized_keys              the same public key, read by every sshd
 * known_hosts                  [127.X.Y.i]:PORT ssh-ed25519 KEY, one line per host
 * ssh_config                   Host h1 ... for `ssh -F ssh_config h1 cmd`, strict host key checking
 * inventory.yml                the rollrun inventory (role app, vars.service.port)
 * events.log                   "&lt;millis&gt; &lt;host&gt; start|stop|start-failed &lt;pid&gt;", every host
 * demo-service.pl              the demo service (perl-base only)
 * owner, closed                which JVM owns the fleet; written when it was closed
 * h1/ ... hN/                  one per host ($HOME of its remote commands):
 *   sshd_config, sshd.log, sshd.out, sshd.pid, ssh_host_ed25519_key(.pub)
 *   svc                        start|stop|restart|status of the demo service
 *   service.pid, service.log   while / since the service ran
 *   fail-start, unhealthy      flags set by the fixture
 * </pre>
 */
package dev.rollrun.tests.fleet;
