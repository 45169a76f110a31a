// Preloaded into kinesis-mock by the integration-test harness (node -r ./loopback.js main.js).
// 1. kinesis-mock binds 0.0.0.0; tests only ever talk to it on loopback, so pin every listen() to 127.0.0.1.
// 2. Exit when the JVM that started us is gone (kill -9 of the test JVM must not leave a server behind).
'use strict';
const net = require('net');
const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    const port = Number(args[0]);
    const rest = args.slice(1).filter((a) => typeof a === 'function' || (typeof a === 'number' && false));
    return originalListen.call(this, port, '127.0.0.1', ...rest);
  }
  if (args[0] && typeof args[0] === 'object' && !Array.isArray(args[0]) && 'port' in args[0]) {
    args[0] = Object.assign({}, args[0], { host: '127.0.0.1' });
  }
  return originalListen.apply(this, args);
};

const parentPid = Number(process.env.KINESIS_BATCH_PARENT_PID || 0);
if (parentPid > 0) {
  setInterval(() => {
    try {
      process.kill(parentPid, 0);
    } catch (e) {
      process.exit(0);
    }
  }, 1000).unref();
}
