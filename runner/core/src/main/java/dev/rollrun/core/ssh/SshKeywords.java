package dev.rollrun.core.ssh;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every ssh_config keyword OpenSSH knows (its {@code readconf.c} table, up to OpenSSH 10), what
 * rollrun does with it, and how OpenSSH checks its value. A keyword missing here is refused as
 * OpenSSH refuses it ("Bad configuration option"), unless {@code IgnoreUnknown} names it.
 *
 * <p>What rollrun does with a setting that is in effect for a host:
 *
 * <ul>
 *   <li>{@link Use#HONOURED}: applied as OpenSSH applies it;
 *   <li>{@link Use#IGNORED}: it cannot change which machine rollrun reaches, as whom, with which
 *       keys, or whether the host key is trusted: it is about interactive sessions, forwarding,
 *       terminals, or tuning that rollrun does its own way (its reason says which);
 *   <li>{@link Use#REFUSED_WHEN_SET}: rollrun cannot do what it asks, and doing without it could
 *       reach another machine, offer other credentials or trust another key: a host it is in effect
 *       for is refused, naming the file, line and setting. {@link #allows} tells the values that
 *       ask for nothing rollrun lacks ({@code CanonicalizeHostname no}).
 * </ul>
 */
final class SshKeywords {

  /** What rollrun does with a keyword. */
  enum Use {
    HONOURED,
    IGNORED,
    REFUSED_WHEN_SET,
    /** Structure: {@code Host}, {@code Match}, {@code Include}. */
    STRUCTURE,
    /** Kept by OpenSSH for old files and ignored there too. */
    OBSOLETE
  }

  /** How OpenSSH checks a keyword's arguments, whether or not its block applies. */
  enum Shape {
    /** Exactly one argument. */
    ONE,
    /** {@code yes}, {@code no}, {@code true} or {@code false}. */
    FLAG,
    /** One of {@link Keyword#choices()}, compared without case. */
    CHOICE,
    /** A port number (1 to 65535) or a service name ({@code ssh}). */
    PORT,
    /** A whole number. */
    INT,
    /** A time ({@code 30}, {@code 1m30s}), or {@code none}. */
    TIME,
    /** One or more arguments. */
    SOME,
    /** The rest of the line as written. */
    COMMAND
  }

  /**
   * @param name as the manual writes it
   * @param why for ignored and refused keywords: the reason, in a few words
   * @param choices for {@link Shape#CHOICE}: the values OpenSSH accepts, in lower case
   */
  record Keyword(String name, Use use, Shape shape, String why, Set<String> choices) {

    boolean flag() {
      return shape == Shape.FLAG;
    }
  }

  private static final Set<String> FLAG_VALUES = Set.of("yes", "no", "true", "false");

  private static final Map<String, Keyword> KEYWORDS = new LinkedHashMap<>();

  private static final String INTERACTIVE = "only for interactive sessions";
  private static final String FORWARDING = "rollrun never forwards ports, agents or X11";
  private static final String OWN_TUNING = "rollrun uses its own";
  private static final String ALGORITHMS = "rollrun uses MINA SSHD's algorithms";
  private static final String NOT_PUBLIC_KEY = "rollrun authenticates with public keys only";
  private static final String LOGGING = "rollrun reports in its own output";

  static {
    structure("Host", Shape.SOME);
    structure("Match", Shape.SOME);
    structure("Include", Shape.SOME);

    honoured("HostName", Shape.ONE);
    honoured("Port", Shape.PORT);
    honoured("User", Shape.ONE);
    honoured("IdentityFile", Shape.ONE);
    honoured("IdentitiesOnly", Shape.FLAG);
    honoured("IdentityAgent", Shape.ONE);
    honoured("ProxyCommand", Shape.COMMAND);
    honoured("ProxyJump", Shape.COMMAND);
    honoured("UserKnownHostsFile", Shape.SOME);
    honoured("GlobalKnownHostsFile", Shape.SOME);
    choice(
        "StrictHostKeyChecking",
        Use.HONOURED,
        "yes, ask and accept-new are honoured; no and off are not: rollrun always checks host keys",
        "yes",
        "no",
        "true",
        "false",
        "ask",
        "off",
        "accept-new");
    honoured("HostKeyAlias", Shape.ONE);
    honoured("HashKnownHosts", Shape.FLAG);
    honoured("IgnoreUnknown", Shape.ONE);
    honoured("Tag", Shape.ONE);
    honoured("RefuseConnection", Shape.ONE);

    choice(
        "CanonicalizeHostname",
        Use.REFUSED_WHEN_SET,
        "rollrun does not look host names up in DNS to rewrite them",
        "yes",
        "no",
        "true",
        "false",
        "always");
    refused(
        "CanonicalizePermittedCNAMEs",
        Shape.SOME,
        "rollrun does not follow DNS CNAMEs to rewrite host names");
    refused("ProxyUseFdpass", Shape.FLAG, "rollrun speaks SSH over the ProxyCommand's pipes");
    refused("KnownHostsCommand", Shape.COMMAND, "rollrun reads known_hosts files only");
    refused("RevokedHostKeys", Shape.SOME, "rollrun does not read revoked-key lists");
    refused("CertificateFile", Shape.ONE, "rollrun does not offer certificates");
    refused("PKCS11Provider", Shape.ONE, "rollrun cannot use keys from a PKCS#11 token");
    alias("SmartcardDevice", "PKCS11Provider");
    choice(
        "PubkeyAuthentication",
        Use.REFUSED_WHEN_SET,
        NOT_PUBLIC_KEY,
        "yes",
        "no",
        "true",
        "false",
        "unbound",
        "host-bound");
    alias("DSAAuthentication", "PubkeyAuthentication");
    refused("PreferredAuthentications", Shape.ONE, NOT_PUBLIC_KEY);

    ignored("CanonicalDomains", Shape.SOME, "only with CanonicalizeHostname");
    ignored("CanonicalizeFallbackLocal", Shape.FLAG, "only with CanonicalizeHostname");
    ignored("CanonicalizeMaxDots", Shape.INT, "only with CanonicalizeHostname");

    ignored("AddKeysToAgent", Shape.SOME, "rollrun never adds keys to an agent");
    choice("AddressFamily", Use.IGNORED, OWN_TUNING, "inet", "inet6", "any");
    ignored("BatchMode", Shape.FLAG, "rollrun never prompts");
    ignored("BindAddress", Shape.ONE, "rollrun connects from the system's default address");
    ignored("BindInterface", Shape.ONE, "rollrun connects from the system's default address");
    ignored("CASignatureAlgorithms", Shape.ONE, ALGORITHMS);
    ignored("ChannelTimeout", Shape.SOME, OWN_TUNING + " command timeouts");
    ignored("CheckHostIP", Shape.FLAG, "rollrun checks the host key under the host's name");
    ignored("Ciphers", Shape.ONE, ALGORITHMS);
    ignored("ClearAllForwardings", Shape.FLAG, FORWARDING);
    choice("Compression", Use.IGNORED, OWN_TUNING, "yes", "no");
    ignored("ConnectionAttempts", Shape.INT, OWN_TUNING + " connect timeout");
    ignored("ConnectTimeout", Shape.TIME, OWN_TUNING + " connect timeout");
    choice(
        "ControlMaster",
        Use.IGNORED,
        OWN_TUNING + " shared sessions",
        "yes",
        "no",
        "true",
        "false",
        "auto",
        "ask",
        "autoask");
    ignored("ControlPath", Shape.ONE, OWN_TUNING + " shared sessions");
    ignored("ControlPersist", Shape.ONE, OWN_TUNING + " shared sessions");
    ignored("DynamicForward", Shape.ONE, FORWARDING);
    ignored("EnableEscapeCommandline", Shape.FLAG, INTERACTIVE);
    ignored("EnableSSHKeysign", Shape.FLAG, NOT_PUBLIC_KEY);
    ignored("EscapeChar", Shape.ONE, INTERACTIVE);
    ignored("ExitOnForwardFailure", Shape.FLAG, FORWARDING);
    ignored("FingerprintHash", Shape.ONE, "rollrun shows SHA256 fingerprints");
    ignored("ForkAfterAuthentication", Shape.FLAG, INTERACTIVE);
    ignored("ForwardAgent", Shape.ONE, FORWARDING);
    ignored("ForwardX11", Shape.FLAG, FORWARDING);
    ignored("ForwardX11Timeout", Shape.TIME, FORWARDING);
    ignored("ForwardX11Trusted", Shape.FLAG, FORWARDING);
    ignored("GatewayPorts", Shape.FLAG, FORWARDING);
    ignored("GSSAPIAuthentication", Shape.FLAG, NOT_PUBLIC_KEY);
    ignored("GSSAPIDelegateCredentials", Shape.FLAG, NOT_PUBLIC_KEY);
    ignored("HostbasedAcceptedAlgorithms", Shape.ONE, NOT_PUBLIC_KEY);
    alias("HostbasedKeyTypes", "HostbasedAcceptedAlgorithms");
    ignored("HostbasedAuthentication", Shape.FLAG, NOT_PUBLIC_KEY);
    ignored("HostKeyAlgorithms", Shape.ONE, ALGORITHMS);
    ignored("IPQoS", Shape.SOME, OWN_TUNING);
    ignored("KbdInteractiveAuthentication", Shape.FLAG, NOT_PUBLIC_KEY);
    alias("ChallengeResponseAuthentication", "KbdInteractiveAuthentication");
    alias("SkeyAuthentication", "KbdInteractiveAuthentication");
    alias("TISAuthentication", "KbdInteractiveAuthentication");
    ignored("KbdInteractiveDevices", Shape.ONE, NOT_PUBLIC_KEY);
    ignored("KexAlgorithms", Shape.ONE, ALGORITHMS);
    ignored("LocalCommand", Shape.COMMAND, INTERACTIVE);
    ignored("LocalForward", Shape.SOME, FORWARDING);
    ignored("LogLevel", Shape.ONE, LOGGING);
    ignored("LogVerbose", Shape.SOME, LOGGING);
    ignored("MACs", Shape.ONE, ALGORITHMS);
    ignored("NoHostAuthenticationForLocalhost", Shape.FLAG, "rollrun checks localhost's key too");
    ignored("NumberOfPasswordPrompts", Shape.INT, NOT_PUBLIC_KEY);
    ignored("ObscureKeystrokeTiming", Shape.SOME, INTERACTIVE);
    ignored("PasswordAuthentication", Shape.FLAG, NOT_PUBLIC_KEY);
    ignored("PermitLocalCommand", Shape.FLAG, INTERACTIVE);
    ignored("PermitRemoteOpen", Shape.SOME, FORWARDING);
    ignored("PubkeyAcceptedAlgorithms", Shape.ONE, ALGORITHMS);
    alias("PubkeyAcceptedKeyTypes", "PubkeyAcceptedAlgorithms");
    ignored("RekeyLimit", Shape.SOME, ALGORITHMS);
    ignored("RemoteCommand", Shape.COMMAND, "rollrun runs its steps' commands");
    ignored("RemoteForward", Shape.SOME, FORWARDING);
    choice(
        "RequestTTY",
        Use.IGNORED,
        "rollrun runs commands without a terminal",
        "yes",
        "no",
        "true",
        "false",
        "force",
        "auto");
    ignored("RequiredRSASize", Shape.INT, ALGORITHMS);
    ignored("SecurityKeyProvider", Shape.ONE, "rollrun cannot use FIDO keys");
    ignored("SendEnv", Shape.SOME, "rollrun sends no environment variables");
    ignored("ServerAliveCountMax", Shape.INT, OWN_TUNING + " keepalive");
    ignored("ServerAliveInterval", Shape.TIME, OWN_TUNING + " keepalive");
    choice("SessionType", Use.IGNORED, "rollrun runs commands", "none", "subsystem", "default");
    ignored("SetEnv", Shape.SOME, "rollrun sends no environment variables");
    ignored("StdinNull", Shape.FLAG, INTERACTIVE);
    ignored("StreamLocalBindMask", Shape.ONE, FORWARDING);
    ignored("StreamLocalBindUnlink", Shape.FLAG, FORWARDING);
    ignored("SyslogFacility", Shape.ONE, LOGGING);
    ignored("TCPKeepAlive", Shape.FLAG, OWN_TUNING + " keepalive");
    alias("KeepAlive", "TCPKeepAlive");
    choice(
        "Tunnel",
        Use.IGNORED,
        FORWARDING,
        "yes",
        "no",
        "true",
        "false",
        "ethernet",
        "point-to-point");
    ignored("TunnelDevice", Shape.ONE, FORWARDING);
    choice(
        "UpdateHostKeys",
        Use.IGNORED,
        "rollrun records only keys it accepted with accept-new",
        "yes",
        "no",
        "true",
        "false",
        "ask");
    ignored("VersionAddendum", Shape.COMMAND, OWN_TUNING);
    choice(
        "VerifyHostKeyDNS",
        Use.IGNORED,
        "rollrun trusts known_hosts only",
        "yes",
        "no",
        "true",
        "false",
        "ask");
    ignored("VisualHostKey", Shape.FLAG, INTERACTIVE);
    ignored("WarnWeakCrypto", Shape.ONE, ALGORITHMS);
    ignored("XAuthLocation", Shape.ONE, FORWARDING);

    for (String old :
        List.of(
            "Protocol",
            "Cipher",
            "FallBackToRsh",
            "GlobalKnownHostsFile2",
            "RhostsAuthentication",
            "UserKnownHostsFile2",
            "UseRoaming",
            "UseRsh",
            "UsePrivilegedPort",
            "AFSTokenPassing",
            "KerberosAuthentication",
            "KerberosTGTPassing",
            "RSAAuthentication",
            "RhostsRSAAuthentication",
            "CompressionLevel")) {
      put(new Keyword(old, Use.OBSOLETE, Shape.SOME, "obsolete, ignored by OpenSSH", Set.of()));
    }
    // Obsolete spellings OpenSSH still reads as the current keyword.
    alias("IdentityFile2", "IdentityFile");
  }

  private SshKeywords() {}

  /** The keyword, by its lower-case name; {@code null} when OpenSSH does not know it. */
  static Keyword get(String lowerCaseName) {
    return KEYWORDS.get(lowerCaseName);
  }

  /** Every keyword, in the order of the table above (aliases under their own name). */
  static Map<String, Keyword> all() {
    return java.util.Collections.unmodifiableMap(KEYWORDS);
  }

  /**
   * Whether a refused keyword's value asks for nothing rollrun lacks ({@code none}, {@code no}), so
   * that the host is not refused.
   */
  static boolean allows(Keyword keyword, List<String> args) {
    String v = args.isEmpty() ? "" : args.get(0).toLowerCase(Locale.ROOT);
    return switch (keyword.name()) {
      case "CanonicalizeHostname" -> v.equals("no") || v.equals("false");
      case "ProxyUseFdpass" -> v.equals("no") || v.equals("false");
      case "PubkeyAuthentication" -> !(v.equals("no") || v.equals("false"));
      case "PreferredAuthentications" -> List.of(args.get(0).split(",")).contains("publickey");
      case "CanonicalizePermittedCNAMEs",
          "KnownHostsCommand",
          "RevokedHostKeys",
          "PKCS11Provider" ->
          v.equals("none");
      default -> false;
    };
  }

  private static void put(Keyword keyword) {
    KEYWORDS.put(keyword.name().toLowerCase(Locale.ROOT), keyword);
  }

  private static void structure(String name, Shape shape) {
    put(new Keyword(name, Use.STRUCTURE, shape, null, Set.of()));
  }

  private static void honoured(String name, Shape shape) {
    put(
        new Keyword(
            name, Use.HONOURED, shape, null, shape.equals(Shape.FLAG) ? FLAG_VALUES : Set.of()));
  }

  private static void ignored(String name, Shape shape, String why) {
    put(
        new Keyword(
            name, Use.IGNORED, shape, why, shape.equals(Shape.FLAG) ? FLAG_VALUES : Set.of()));
  }

  private static void refused(String name, Shape shape, String why) {
    put(
        new Keyword(
            name,
            Use.REFUSED_WHEN_SET,
            shape,
            why,
            shape.equals(Shape.FLAG) ? FLAG_VALUES : Set.of()));
  }

  private static void choice(String name, Use use, String why, String... values) {
    put(new Keyword(name, use, Shape.CHOICE, why, Set.of(values)));
  }

  /** Another spelling OpenSSH reads as {@code target}. */
  private static void alias(String name, String target) {
    KEYWORDS.put(name.toLowerCase(Locale.ROOT), KEYWORDS.get(target.toLowerCase(Locale.ROOT)));
  }
}
