package io.liveboard.fanout;

import java.time.Duration;
import java.util.List;

import io.liveboard.fanout.ws.EventLoops;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of a fan-out node, under {@code liveboard.fanout}. Every limit has a default sized for one node of
 * about 10,000-19,000 connections on 2 cores; application.yml says what each one does.
 */
@ConfigurationProperties("liveboard.fanout")
public record FanoutProperties(
        @DefaultValue Limits limits,
        @DefaultValue History history,
        @DefaultValue("25s") Duration heartbeat,
        @DefaultValue List<String> allowedOrigins,
        @DefaultValue("false") boolean permessageDeflate,
        @DefaultValue("5s") Duration shutdownTimeout,
        @DefaultValue List<String> peers,
        /* The event loops' transport: auto (io_uring where allowed, else epoll, else NIO), io_uring, epoll or nio. */
        @DefaultValue("auto") EventLoops.Transport transport) {

    public record Limits(
            /* Largest client frame accepted; larger ones close the connection with 1009. */
            @DefaultValue("16KB") DataSize maxFrameSize,
            @DefaultValue("100") int maxSubscriptions,
            /* Sustained client messages per second; a burst of twice that is allowed. */
            @DefaultValue("20") int messagesPerSecond,
            /* Messages over the rate in one second before the connection is closed with 4002. */
            @DefaultValue("100") int floodCloseAfter,
            @DefaultValue("18000") int maxConnections,
            /* Bytes queued for one client past which it must catch up within outboundGrace or be closed with 4000. */
            @DefaultValue("512KB") DataSize outboundBuffer,
            /* How long a client over outboundBuffer has to take what was queued when it went over. */
            @DefaultValue("1s") Duration outboundGrace) {
    }

    public record History(
            /* Records kept in memory per partition of each output topic, to resume without Kafka. */
            @DefaultValue("2000") int recordsPerPartition,
            /* Items in the snapshot of an activity channel. */
            @DefaultValue("50") int activityItems,
            /* Messages one Kafka history read hands a client before reading the next chunk. */
            @DefaultValue("2000") int kafkaChunk,
            /* Records one Kafka history read scans at most before yielding to other requests. */
            @DefaultValue("20000") int kafkaScanBudget,
            /* Pending Kafka history requests; beyond it subscribers are told to come back later. */
            @DefaultValue("1024") int kafkaQueue,
            /* How far before a lagging leaderboard snapshot to look for the updates that follow it. */
            @DefaultValue("2m") Duration snapshotLookback) {
    }
}
