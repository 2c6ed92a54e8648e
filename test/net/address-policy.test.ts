import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { blockedAddressReason } from '../../src/net/address-policy.ts';

// Pure classification: nothing here opens a socket.
describe('blockedAddressReason', () => {
  const blocked: Array<[string, RegExp]> = [
    ['127.0.0.1', /loopback/],
    ['127.255.255.254', /loopback/],
    ['0.0.0.0', /unspecified/],
    ['0.1.2.3', /unspecified/],
    ['10.0.0.1', /private/],
    ['172.16.0.1', /private/],
    ['172.31.255.255', /private/],
    ['192.168.1.1', /private/],
    ['169.254.169.254', /linkLocal/],          // AWS, GCP, Azure metadata
    ['169.254.170.2', /linkLocal/],            // ECS task metadata
    ['100.64.0.1', /carrierGradeNat/],
    ['100.100.100.200', /carrierGradeNat/],    // Alibaba Cloud metadata
    ['192.0.0.192', /reserved/],               // Oracle Cloud metadata
    ['198.18.0.1', /reserved/],                // benchmarking
    ['192.0.2.1', /reserved/],                 // documentation
    ['240.0.0.1', /reserved/],
    ['224.0.0.1', /multicast/],
    ['255.255.255.255', /broadcast/],
    ['::1', /loopback/],
    ['::', /unspecified/],
    ['fe80::1', /linkLocal/],
    ['fe80::1%eth0', /linkLocal/],
    ['fc00::1', /uniqueLocal/],
    ['fd00:ec2::254', /uniqueLocal/],          // AWS IPv6 metadata
    ['ff02::1', /multicast/],
    ['2001:db8::1', /reserved/],
    ['2001:2::1', /benchmarking/],
    ['::ffff:127.0.0.1', /loopback.*inside/],
    ['::ffff:7f00:1', /loopback/],
    ['::ffff:169.254.169.254', /linkLocal/],
    ['::ffff:10.0.0.1', /private/],
    ['::7f00:1', /loopback/],                  // IPv4-compatible ::127.0.0.1
    ['::a9fe:a9fe', /linkLocal/],              // IPv4-compatible ::169.254.169.254
    ['64:ff9b::7f00:1', /loopback/],           // NAT64 of 127.0.0.1
    ['64:ff9b::a9fe:a9fe', /linkLocal/],       // NAT64 of 169.254.169.254
    ['64:ff9b:1::a00:1', /rfc6052/],           // local-use NAT64 prefix: refused outright
    ['::ffff:0:7f00:1', /rfc6145/],
    ['2002:7f00:1::1', /6to4/],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', /teredo/],
    ['5f00::1', /segmentRouting|outside global unicast/],
    ['100::1', /discard|outside global unicast/],
    ['not-an-address', /not an IP address/],
    ['', /not an IP address/],
  ];
  for (const [address, why] of blocked) {
    test(`blocks ${address || '(empty)'}`, () => {
      const reason = blockedAddressReason(address);
      assert.notEqual(reason, null);
      assert.match(reason ?? '', why);
    });
  }

  const allowed = [
    '8.8.8.8',
    '1.1.1.1',
    '93.184.215.14',
    '2606:4700:4700::1111',
    '2a00:1450:4001:80b::200e',
    '::ffff:8.8.8.8',     // what a dual-stack resolver may hand back for a public IPv4 host
    '64:ff9b::808:808',   // what DNS64 hands back on an IPv6-only network
  ];
  for (const address of allowed) {
    test(`allows public ${address}`, () => {
      assert.equal(blockedAddressReason(address), null);
    });
  }
});
