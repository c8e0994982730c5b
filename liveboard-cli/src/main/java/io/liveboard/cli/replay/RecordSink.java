package io.liveboard.cli.replay;

import java.io.IOException;

/** Where replayed records go. */
interface RecordSink extends AutoCloseable {

    void write(DecodedRecord record) throws IOException;

    /** Makes what was written so far visible (e.g. to a pipe) in follow mode. */
    void flush() throws IOException;

    @Override
    void close() throws IOException;
}
