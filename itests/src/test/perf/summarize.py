"""Summarizes `perf script -F comm,tid,ip,sym` output of ProfileMain: samples by thread, and the producer's and
callers' samples by stage (the innermost frame naming a stage wins). JIT compiler threads are left out of totals."""
import collections
import re
import sys

STAGES = [
    ('SDK call (marshal, sign, send)', r'KinesisGateway\.putRecords|AwsAsyncClientHandler\.execute'),
    ('exchange completion', r'ExchangeCompletion\.run'),
    ('reply sorting', r'BatchPipeline\.finishCall'),
    ('reading the body', r'RecordReader\.read'),
    ('buffer room', r'BufferRoom'),
    ('accumulator', r'Accumulator\.'),
    ('batch timer', r'BatchTimer'),
    ('completion queue', r'CompletionRunner'),
    ('accepting an exchange', r'KinesisBatchProducer\.process'),
    ('new exchange (harness)', r'DefaultExchange'),
    ('callers (harness)', r'AsyncCallers'),
    ('raw loop', r'RawPutRecordsLoop'),
    ('thread pools', r'ThreadPoolExecutor'),
]


def load(path):
    samples, cur = [], None
    for line in open(path, errors='replace'):
        if not line.strip():
            if cur:
                samples.append(cur)
            cur = None
        elif not line[0].isspace():
            cur = [re.sub(r'\d+', 'N', line.rsplit(' ', 2)[0].strip()), []]
        elif cur is not None:
            parts = line.strip().split(' ', 1)
            cur[1].append(parts[1] if len(parts) > 1 else '?')
    if cur:
        samples.append(cur)
    return samples


def stage(frames):
    for frame in frames:
        for name, pattern in STAGES:
            if re.search(pattern, frame):
                return name
    return 'other (mostly parking and waking)'


samples = load(sys.argv[1])
threads = collections.Counter(comm for comm, _ in samples)
endpoint = threads.get('null-kinesis', 0) or 1
total = sum(n for comm, n in threads.items() if 'Compiler' not in comm)
print('samples by thread:')
for comm, n in threads.most_common():
    print(f'  {n:7d}  {comm}')
print(f'non-JIT samples per null-endpoint sample: {total / endpoint:.3f}')
print('samples by stage, callers and producer threads (Camel, sdk-async-response, bench callers, main):')
stages = collections.Counter(stage(frames) for comm, frames in samples
                             if re.match(r'Camel|sdk-async|bench-caller|java$', comm))
for name, n in stages.most_common():
    print(f'  {n:7d}  {name}')
