package io.kinesisbatch.camel.producer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** One FIFO queue for every record: the producer without per-shard limits ({@code shardRateLimit=0}). */
final class FifoQueue implements RecordQueue {

    private final ArrayDeque<BufferedRecord> queue = new ArrayDeque<>();
    private long bytes;

    @Override
    public void addLast(BufferedRecord record) {
        queue.addLast(record);
        bytes += record.size();
    }

    @Override
    public void addFirst(List<BufferedRecord> records) {
        for (int i = records.size() - 1; i >= 0; i--) {
            BufferedRecord r = records.get(i);
            queue.addFirst(r);
            bytes += r.size();
        }
    }

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public BufferedRecord oldest() {
        return queue.peekFirst();
    }

    @Override
    public List<BufferedRecord> cut(int maxRecords, long maxBytes, long now) {
        List<BufferedRecord> batch = new ArrayList<>(Math.min(queue.size(), maxRecords));
        long taken = 0;
        while (!queue.isEmpty() && batch.size() < maxRecords) {
            BufferedRecord next = queue.peekFirst();
            if (!batch.isEmpty() && taken + next.size() > maxBytes) {
                break;
            }
            queue.pollFirst();
            bytes -= next.size();
            if (!next.isDone()) {
                batch.add(next);
                taken += next.size();
            }
        }
        return batch;
    }

    @Override
    public long nanosUntilSendable(long now) {
        return 0;
    }

    @Override
    public List<BufferedRecord> queued() {
        return new ArrayList<>(queue);
    }

    @Override
    public void clear() {
        queue.clear();
        bytes = 0;
    }
}
