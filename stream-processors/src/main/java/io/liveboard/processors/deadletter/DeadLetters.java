package io.liveboard.processors.deadletter;

import java.util.Optional;

import io.liveboard.catalog.LiveboardHeaders;
import io.liveboard.processors.output.Emitted;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds dead letters: the original key and bytes, with headers naming where the record came from and
 * why it was rejected. Rejections are user mistakes, not crashes: logged on one line, no stack trace.
 */
public final class DeadLetters {

    /** Reason codes besides the decoder's own (malformed, unknown-schema). */
    public static final String INVALID_EVENT = "invalid-event";
    public static final String PROCESSING_ERROR = "processing-error";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final DeadLetterListener listener;

    public DeadLetters(DeadLetterListener listener) {
        this.listener = listener;
    }

    public Emitted reject(String key, byte[] original, Optional<RecordMetadata> source, String reason, String error,
                          String stage) {
        Headers headers = new RecordHeaders();
        source.ifPresent(md -> {
            LiveboardHeaders.putString(headers, LiveboardHeaders.DL_SOURCE_TOPIC, md.topic());
            LiveboardHeaders.putString(headers, LiveboardHeaders.DL_SOURCE_PARTITION, Integer.toString(md.partition()));
            LiveboardHeaders.putString(headers, LiveboardHeaders.DL_SOURCE_OFFSET, Long.toString(md.offset()));
        });
        LiveboardHeaders.putString(headers, LiveboardHeaders.DL_REASON, reason);
        LiveboardHeaders.putString(headers, LiveboardHeaders.DL_ERROR, error == null ? reason : error);
        LiveboardHeaders.putString(headers, LiveboardHeaders.DL_STAGE, stage);
        listener.deadLettered(reason, stage);
        log.warn("dead-lettered record key={} at {}: {} ({})", key,
                source.map(md -> md.topic() + "-" + md.partition() + "@" + md.offset()).orElse("?"), error, reason);
        return Emitted.deadLetter(key, original, headers);
    }
}
