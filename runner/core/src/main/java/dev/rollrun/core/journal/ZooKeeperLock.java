package dev.rollrun.core.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

/**
 * One roll per cluster across machines and operators: an ephemeral node in ZooKeeper (through
 * Apache Curator), created by the run that holds the lock and gone when it ends — or when its
 * ZooKeeper session expires because the runner died. The node's data is JSON that anybody can read
 * ({@code zkCli.sh get /rollrun/locks/...}): the run id, user, machine, pid, since when, and the
 * run's progress.
 *
 * <p>A run whose session is lost (the network to ZooKeeper failed for longer than the session
 * timeout) can no longer be sure it alone holds the lock: {@link Lease#lost()} becomes true and the
 * run stops taking nodes down.
 */
public final class ZooKeeperLock implements RunLock {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT = Duration.ofSeconds(10);

  private final String connect;
  private final String path;
  private final Duration sessionTimeout;

  /**
   * @param connect the ensemble, {@code zk1:2181,zk2:2181}
   * @param path the lock's node, {@code /rollrun/locks/kafka-prod}
   * @param sessionTimeout how long after the runner dies its lock goes away
   */
  public ZooKeeperLock(String connect, String path, Duration sessionTimeout) {
    this.connect = connect;
    this.path = path;
    this.sessionTimeout = sessionTimeout;
  }

  @Override
  public String name() {
    return connect + path;
  }

  @Override
  public Lease acquire(Holder me) {
    CuratorFramework client = connect("to take the lock");
    AtomicBoolean lost = new AtomicBoolean();
    client
        .getConnectionStateListenable()
        .addListener(
            (c, state) -> {
              if (state == ConnectionState.LOST) {
                lost.set(true);
              }
            });
    try {
      client
          .create()
          .creatingParentContainersIfNeeded()
          .withMode(CreateMode.EPHEMERAL)
          .forPath(path, data(me, null));
    } catch (KeeperException.NodeExistsException e) {
      Optional<Holder> holder = read(client);
      client.close();
      throw new LockHeldException(
          name(),
          holder.orElse(null),
          "zookeeper://" + name(),
          "; if that runner is gone (its machine lost) and its session lingers, --break-lock takes"
              + " the lock after confirmation");
    } catch (Exception e) {
      client.close();
      throw new LockException("cannot take the lock zookeeper://" + name() + ": " + describe(e), e);
    }
    watchBreak(client, lost);
    return new Lease() {
      @Override
      public boolean lost() {
        return lost.get();
      }

      @Override
      public void progress(String summary) {
        try {
          client.setData().forPath(path, data(me, summary));
        } catch (KeeperException.NoNodeException e) {
          lost.set(true); // broken by another operator's --break-lock
        } catch (Exception e) {
          // progress is a courtesy; losing the lock is what lost() reports
        }
      }

      @Override
      public void close() {
        try {
          if (!lost.get()) {
            client.delete().forPath(path);
          }
        } catch (Exception e) {
          // closing the session below removes the ephemeral node all the same
        } finally {
          client.close();
        }
      }
    };
  }

  /** Marks the lock lost when its node is deleted by anybody else ({@code --break-lock}). */
  private void watchBreak(CuratorFramework client, AtomicBoolean lost) {
    try {
      client
          .checkExists()
          .usingWatcher(
              (org.apache.zookeeper.Watcher)
                  event -> {
                    if (event.getType() == org.apache.zookeeper.Watcher.Event.EventType.NodeDeleted
                        && client.getState()
                            == org.apache.curator.framework.imps.CuratorFrameworkState.STARTED) {
                      lost.set(true);
                    }
                  })
          .forPath(path);
    } catch (Exception e) {
      // progress() still notices a broken lock
    }
  }

  @Override
  public void breakHeld(Holder holder) {
    CuratorFramework client = connect("to break the lock");
    try {
      client.delete().forPath(path);
    } catch (KeeperException.NoNodeException e) {
      // released meanwhile: nothing to break
    } catch (Exception e) {
      throw new LockException(
          "cannot break the lock zookeeper://" + name() + ": " + describe(e), e);
    } finally {
      client.close();
    }
  }

  @Override
  public Optional<String> progress() {
    CuratorFramework client = connect("to read the lock");
    try {
      byte[] bytes = client.getData().forPath(path);
      JsonNode data = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
      return Optional.ofNullable(data.path("progress").asText(null));
    } catch (Exception e) {
      return Optional.empty(); // no holder, or nothing published yet
    } finally {
      client.close();
    }
  }

  @Override
  public Optional<Holder> holder() {
    CuratorFramework client = connect("to read the lock");
    try {
      return read(client);
    } finally {
      client.close();
    }
  }

  /** A started client, connected; {@code purpose} ends the message when there is no connection. */
  private CuratorFramework connect(String purpose) {
    CuratorFramework client =
        CuratorFrameworkFactory.builder()
            .connectString(connect)
            .sessionTimeoutMs((int) sessionTimeout.toMillis())
            .connectionTimeoutMs((int) CONNECT.toMillis())
            .retryPolicy(new RetryNTimes(3, 500))
            .build();
    client.start();
    boolean connected;
    try {
      connected = client.blockUntilConnected((int) CONNECT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      connected = false;
    }
    if (!connected) {
      client.close();
      throw new LockException(
          "cannot reach ZooKeeper at "
              + connect
              + " within "
              + CONNECT.toSeconds()
              + "s "
              + purpose
              + " "
              + path);
    }
    return client;
  }

  private Optional<Holder> read(CuratorFramework client) {
    try {
      byte[] bytes = client.getData().forPath(path);
      JsonNode h = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
      return Optional.of(
          new Holder(
              h.path("run").asText(),
              h.path("user").asText(),
              h.path("machine").asText(),
              h.path("pid").asLong(),
              Instant.parse(h.path("since").asText())));
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** The node's data: who holds it and, when known, how far the run is. */
  static byte[] data(Holder me, String progress) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
      json.writeStartObject();
      json.writeStringField("run", me.runId());
      json.writeStringField("user", me.user());
      json.writeStringField("machine", me.machine());
      json.writeNumberField("pid", me.pid());
      json.writeStringField("since", me.since().toString());
      if (progress != null) {
        json.writeStringField("progress", progress);
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
