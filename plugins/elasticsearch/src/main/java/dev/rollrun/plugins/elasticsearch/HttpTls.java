package dev.rollrun.plugins.elasticsearch;

import dev.rollrun.api.RollrunException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * What HTTPS trusts: the JDK's CAs, the CAs of a PEM file ({@code ca:}), or, knowingly, any
 * certificate for any name ({@code insecure: true}).
 */
final class HttpTls {

  private HttpTls() {}

  /** The context for {@code ca} (null: the JDK's) and {@code insecure}. */
  static SSLContext context(String ca, boolean insecure) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      if (insecure) {
        context.init(null, new TrustManager[] {new TrustingEverything()}, null);
      } else if (ca != null) {
        context.init(null, trusting(Path.of(ca)), null);
      } else {
        return SSLContext.getDefault();
      }
      return context;
    } catch (GeneralSecurityException e) {
      throw new RollrunException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static TrustManager[] trusting(Path pem) throws GeneralSecurityException {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(pem)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException e) {
      throw new RollrunException("settings ca: cannot read " + pem + ": " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new RollrunException(
          "settings ca: " + pem + " holds no PEM certificate: " + e.getMessage());
    }
    if (certificates.isEmpty()) {
      throw new RollrunException("settings ca: " + pem + " holds no certificate");
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    int i = 0;
    for (Certificate certificate : certificates) {
      store.setCertificateEntry("ca-" + i++, certificate);
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory.getTrustManagers();
  }

  /**
   * Accepts every certificate; an extended trust manager, so that the JDK does not check the host
   * name either.
   */
  private static final class TrustingEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
