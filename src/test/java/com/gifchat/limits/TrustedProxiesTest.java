package com.gifchat.limits;

import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Which address a request counts against: the peer's, or what a trusted proxy says the client's was. */
class TrustedProxiesTest {

    private static SocketAddress peer(String host) {
        return SocketAddress.inetSocketAddress(40000, host);
    }

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        TrustedProxies none = TrustedProxies.of("");

        assertEquals("198.51.100.7", none.clientOf(peer("198.51.100.7"), "203.0.113.1"));
    }

    @Test
    void aTrustedProxysHeaderNamesTheClientReadFromTheRightPastOtherTrustedProxies() {
        TrustedProxies proxies = TrustedProxies.of("10.0.0.0/8, 192.168.1.5");

        assertEquals("203.0.113.1", proxies.clientOf(peer("10.1.2.3"), "203.0.113.1"));
        // the client wrote the leftmost entry itself: only what our proxies appended counts
        assertEquals("203.0.113.1", proxies.clientOf(peer("10.1.2.3"), "6.6.6.6, 203.0.113.1, 192.168.1.5"));
        assertEquals("203.0.113.1", proxies.clientOf(peer("10.1.2.3"), "203.0.113.1:5123"));
    }

    @Test
    void anUntrustedPeerOrAnUnreadableHopEndsTheWalk() {
        TrustedProxies proxies = TrustedProxies.of("10.0.0.0/8");

        assertEquals("198.51.100.9", proxies.clientOf(peer("198.51.100.9"), "203.0.113.1"));
        assertEquals("10.1.2.3", proxies.clientOf(peer("10.1.2.3"), "not-an-address"));
        assertEquals("10.1.2.3", proxies.clientOf(peer("10.1.2.3"), "evil.example.com"), "never a DNS look-up");
        assertEquals("10.1.2.3", proxies.clientOf(peer("10.1.2.3"), null));
    }

    @Test
    void ipv6ClientsCountByTheirSlash64AndMappedIpv4AsIpv4() {
        TrustedProxies proxies = TrustedProxies.of("::1");

        assertEquals(proxies.clientOf(peer("2001:db8:1:2::5"), null), proxies.clientOf(peer("2001:db8:1:2:ffff::9"), null));
        assertNotEquals(proxies.clientOf(peer("2001:db8:1:2::5"), null), proxies.clientOf(peer("2001:db8:1:3::5"), null));
        assertEquals("2001:db8:1:2:0:0:0:0/64", proxies.clientOf(peer("::1"), "[2001:db8:1:2::5]:443"));
        assertEquals("203.0.113.1", proxies.clientOf(peer("::1"), "::ffff:203.0.113.1"));
    }

    @Test
    void aSettingThatNamesNoAddressIsRefused() {
        for (String bad : new String[] {"localhost", "10.0.0.0/33", "300.1.1.1", "10.0.0.1/", "::1/129", "10.0.0.1 10.0.0.2"}) {
            assertTrue(TrustedProxies.parse(bad).isEmpty(), bad);
        }
        assertTrue(TrustedProxies.parse(" 10.0.0.1 , fd00::/8 ,").isPresent());
    }
}
