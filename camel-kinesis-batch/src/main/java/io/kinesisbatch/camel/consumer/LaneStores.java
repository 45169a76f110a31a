package io.kinesisbatch.camel.consumer;

import io.kinesisbatch.camel.checkpoint.CheckpointStore;
import io.kinesisbatch.camel.lease.LeaseTable;

/** Where the lanes write: checkpoints and leases (the same rows, often the same object). */
record LaneStores(CheckpointStore checkpoints, LeaseTable leases) {
}
