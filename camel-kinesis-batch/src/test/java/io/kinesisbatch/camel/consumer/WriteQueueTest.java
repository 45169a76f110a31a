package io.kinesisbatch.camel.consumer;

import io.kinesisbatch.camel.checkpoint.SequencePosition;
import io.kinesisbatch.camel.consumer.WriteQueue.Kind;
import io.kinesisbatch.camel.consumer.WriteQueue.Write;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WriteQueueTest {

    private static SequencePosition at(String sequence) {
        return SequencePosition.of(sequence);
    }

    @Test
    void oneWriteAtATimeAndNothingStartsBeforeTheAnswerOfTheOneOut() {
        WriteQueue queue = new WriteQueue(null);
        queue.checkpoint(at("100"));
        Write first = queue.next();
        assertThat(first).isEqualTo(new Write(Kind.CHECKPOINT, at("100"), null));
        queue.renew();
        queue.checkpoint(at("200"));
        assertThat(queue.next()).as("the write of 100 is still out").isNull();
        assertThat(queue.busy()).isTrue();

        queue.answered(first, true);
        assertThat(queue.written()).isEqualTo(at("100"));
        assertThat(queue.next().kind()).as("renewals first").isEqualTo(Kind.RENEW);
    }

    @Test
    void checkpointsSentOnlyGrowAndAFailedOneIsSentAgain() {
        WriteQueue queue = new WriteQueue(at("50"));
        queue.checkpoint(at("40"));
        queue.checkpoint(at("50"));
        assertThat(queue.next()).as("not ahead of the stored checkpoint").isNull();

        queue.checkpoint(at("200"));
        queue.checkpoint(at("100")); // older than the one queued: ignored
        Write write = queue.next();
        assertThat(write.position()).isEqualTo(at("200"));
        queue.answered(write, false); // failed: the stored checkpoint is still 50
        assertThat(queue.written()).isEqualTo(at("50"));
        queue.checkpoint(at("200"));
        assertThat(queue.next().position()).as("sent again at the next tick").isEqualTo(at("200"));
    }

    @Test
    void theLastWriteGoesAfterTheFinalCheckpointAndThenNothingMore() {
        WriteQueue queue = new WriteQueue(null);
        queue.checkpoint(at("7"));
        queue.finish(new Write(Kind.RELEASE, null, null));
        Write checkpoint = queue.next();
        assertThat(checkpoint.kind()).isEqualTo(Kind.CHECKPOINT);
        queue.answered(checkpoint, true);
        Write release = queue.next();
        assertThat(release.kind()).isEqualTo(Kind.RELEASE);
        queue.answered(release, true);
        queue.renew();
        queue.checkpoint(at("8"));
        assertThat(queue.next()).isNull();
    }

    @Test
    void aClosedQueueWritesNothing() {
        WriteQueue queue = new WriteQueue(null);
        queue.renew();
        queue.close();
        assertThat(queue.next()).isNull();
    }

    /** A finished shard stays finished: a release or hand-over asked for later never replaces SHARD_END. */
    @Test
    void aShardEndIsNeverReplacedByAReleaseOrHandOver() {
        WriteQueue queue = new WriteQueue(null);
        queue.finish(new Write(Kind.SHARD_END, at("9"), null));
        queue.finish(new Write(Kind.RELEASE, null, null)); // an event failed while ENDING: the lane drains
        assertThat(queue.next().kind()).isEqualTo(Kind.SHARD_END);

        WriteQueue failing = new WriteQueue(null);
        failing.finish(new Write(Kind.SHARD_END, at("9"), null));
        Write out = failing.next();
        failing.finish(new Write(Kind.HAND_OVER, null, "w2")); // while SHARD_END is out
        failing.answered(out, false); // failed: the lane retries it after a backoff
        assertThat(failing.next()).as("no hand-over instead of the shard end owed").isNull();
        failing.finish(out);
        assertThat(failing.next()).isEqualTo(out);
    }
}
