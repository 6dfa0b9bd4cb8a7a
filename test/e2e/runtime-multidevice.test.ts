// Runtime calls of multi-device and multi-process programs on cu2metal's single device
// (native/runtime/peer.cpp, cu2m/peer_api.h) and graph memory accounting (native/runtime/graph.cpp):
// each self-checking program compares the values and error codes it gets with what CUDA documents,
// on both CPU backends; the refusals also explain themselves on stderr.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe } from 'node:test';
import { selfCheckingOnBothBackends } from '../helpers/cli';

const fixture = (name: string): string => path.join('test', 'fixtures', 'rtapi', `${name}.cu`);

describe('peer access and peer copies with one device', () => {
  selfCheckingOnBothBackends(fixture('peer'), 'cudaDeviceCanAccessPeer/EnablePeerAccess/DisablePeerAccess/GetP2PAttribute codes, cudaMemcpyPeer(Async) 0 → 0', {
    copies: 2,
    extra: (r) => assert.match(r.stderr, /cudaMemcpy: destination 0x[0-9a-f]+ \(\+4004 bytes\) is not inside a device allocation/),
  });
});

describe('interprocess handles are refused with cudaErrorNotSupported', () => {
  selfCheckingOnBothBackends(fixture('ipc'), 'cudaIpc* return cudaErrorNotSupported after their argument checks; cudaDevAttrIpcEventSupport is 0', {
    copies: 1,
    extra: (r) => {
      for (const api of ['cudaIpcGetMemHandle', 'cudaIpcOpenMemHandle', 'cudaIpcCloseMemHandle', 'cudaIpcGetEventHandle', 'cudaIpcOpenEventHandle'])
        assert.match(r.stderr, new RegExp(`${api}: interprocess sharing is not supported`));
    },
  });
});

describe('stream attributes are stored hints', () => {
  selfCheckingOnBothBackends(fixture('stream_attrs'), 'cudaStreamSet/GetAttribute (access policy window, sync policy, priority), cudaStreamCopyAttributes, cudaCtxResetPersistingL2Cache', { copies: 1 });
});

describe('graph memory attributes and graph allocations freed outside their graph', () => {
  selfCheckingOnBothBackends(fixture('graph_mem'), 'cudaDeviceGet/SetGraphMemAttribute, cudaDeviceGraphMemTrim, cudaFree/cudaFreeAsync of graph allocations', {
    copies: 2,
    extra: (r) => {
      assert.match(r.stderr, /cudaFree of 0x[0-9a-f]+: the graph that allocated it frees it with a free node, so only that graph may free it/);
      assert.match(r.stderr, /graph memory allocation 0x[0-9a-f]+ \(4000 bytes\) was not freed before the graph ran again/);
      // Our runtime counts the bytes asked for: the exact figures are checked, not only the invariants.
      assert.doesNotMatch(r.stdout, /counted in 32 MiB chunks/);
    },
  });
});
