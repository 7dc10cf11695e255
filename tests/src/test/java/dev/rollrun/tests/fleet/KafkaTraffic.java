package dev.rollrun.tests.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;

/**
 * Continuous writes to a topic and reads of it, as an application would keep them up while its
 * cluster is rolled: a producer with {@code acks=all}, idempotence on and the client's default
 * retries sends record {@code n} (its value) every few milliseconds; a consumer reads the topic
 * from the beginning. {@link #stop} says which sends were acknowledged, which failed, and whether
 * every acknowledged record was read back.
 */
public final class KafkaTraffic {

  private final String topic;
  private final KafkaProducer<Long, Long> producer;
  private final KafkaConsumer<Long, Long> consumer;
  private final Duration every;
  private final AtomicBoolean sending = new AtomicBoolean(true);
  private final AtomicBoolean reading = new AtomicBoolean(true);
  private final BitSet acked = new BitSet();
  private final BitSet consumed = new BitSet();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
  private final Thread producerThread;
  private final Thread consumerThread;
  private volatile RuntimeException consumerFailure;

  private KafkaTraffic(String bootstrap, String topic, Duration every) {
    this.topic = topic;
    this.every = every;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "traffic-" + topic);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    this.producer = new KafkaProducer<>(p, new LongSerializer(), new LongSerializer());
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "reader-" + topic);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer = new KafkaConsumer<>(c, new LongDeserializer(), new LongDeserializer());
    this.producerThread = new Thread(this::produce, "traffic-producer-" + topic);
    this.consumerThread = new Thread(this::consume, "traffic-consumer-" + topic);
  }

  /** Starts writing record 0, 1, 2 ... to {@code topic} every {@code every}, and reading it. */
  public static KafkaTraffic start(String bootstrap, String topic, Duration every) {
    KafkaTraffic traffic = new KafkaTraffic(bootstrap, topic, every);
    List<TopicPartition> partitions =
        traffic.consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(PartitionInfo::partition)
            .map(p -> new TopicPartition(topic, p))
            .toList();
    traffic.consumer.assign(partitions);
    traffic.consumer.seekToBeginning(partitions);
    traffic.consumerThread.start();
    traffic.producerThread.start();
    return traffic;
  }

  private void produce() {
    long n = 0;
    while (sending.get()) {
      long seq = n++;
      sent.incrementAndGet();
      try {
        producer.send(
            new ProducerRecord<>(topic, seq, seq),
            (metadata, exception) -> {
              if (exception == null) {
                synchronized (acked) {
                  acked.set((int) seq);
                }
              } else {
                failed.incrementAndGet();
                if (errors.size() < 20) {
                  errors.add(seq + ": " + exception);
                }
              }
            });
      } catch (RuntimeException e) {
        failed.incrementAndGet();
        if (errors.size() < 20) {
          errors.add(seq + ": " + e);
        }
      }
      try {
        Thread.sleep(every.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void consume() {
    try {
      while (reading.get()) {
        for (ConsumerRecord<Long, Long> record : consumer.poll(Duration.ofMillis(200))) {
          int seq = record.value().intValue();
          synchronized (consumed) {
            if (consumed.get(seq)) {
              duplicates.incrementAndGet();
            }
            consumed.set(seq);
          }
        }
      }
    } catch (RuntimeException e) {
      consumerFailure = e;
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
    }
  }

  /**
   * What one period of traffic saw.
   *
   * @param sent records handed to the producer
   * @param acked sends the cluster acknowledged
   * @param failed sends that failed after the producer's retries
   * @param retries sends the producer retried (its {@code record-retry-total} metric)
   * @param notConsumed acknowledged records the consumer did not read back
   * @param duplicates records read more than once
   * @param errors the first failures, {@code n: exception}
   */
  public record Result(
      long sent,
      long acked,
      long failed,
      long retries,
      List<Long> notConsumed,
      long duplicates,
      List<String> errors) {

    @Override
    public String toString() {
      return "sent "
          + sent
          + ", acknowledged "
          + acked
          + ", failed "
          + failed
          + ", retried "
          + retries
          + ", acknowledged but not read back "
          + notConsumed.size()
          + ", read twice "
          + duplicates
          + (errors.isEmpty()
              ? ""
              : ", first errors " + errors.subList(0, Math.min(3, errors.size())));
    }
  }

  /**
   * Stops sending, waits until every send is acknowledged or failed (the producer's own delivery
   * timeout), then up to {@code drain} for the consumer to read back every acknowledged record.
   */
  public Result stop(Duration drain) {
    sending.set(false);
    try {
      producerThread.join();
      producer.flush();
      long retries = (long) metric("record-retry-total");
      producer.close(Duration.ofSeconds(5));
      long deadline = System.nanoTime() + drain.toNanos();
      while (System.nanoTime() < deadline && !missing().isEmpty() && consumerFailure == null) {
        Thread.sleep(100);
      }
      reading.set(false);
      consumerThread.join(10_000);
      if (consumerFailure != null) {
        throw new IllegalStateException("the consumer failed", consumerFailure);
      }
      long ackedCount;
      synchronized (acked) {
        ackedCount = acked.cardinality();
      }
      return new Result(
          sent.get(),
          ackedCount,
          failed.get(),
          retries,
          missing(),
          duplicates.get(),
          List.copyOf(errors));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private List<Long> missing() {
    BitSet missing;
    synchronized (acked) {
      missing = (BitSet) acked.clone();
    }
    synchronized (consumed) {
      missing.andNot(consumed);
    }
    return missing.stream().mapToObj(i -> (long) i).collect(Collectors.toList());
  }

  private double metric(String name) {
    for (Metric metric : producer.metrics().values()) {
      if (metric.metricName().group().equals("producer-metrics")
          && metric.metricName().name().equals(name)) {
        return ((Number) metric.metricValue()).doubleValue();
      }
    }
    return -1;
  }
}
