package com.gifchat.limits;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who a request comes from, as the per-address limits count it: the socket's peer, or, when that peer is one of the
 * configured reverse proxies, the address that proxy says it got the request from (X-Forwarded-For). Without trusted
 * proxies (the default) the header is ignored, so a client cannot pick its own address by writing one.
 */
public final class TrustedProxies {

    public static final String EXPECTED = "empty, or a comma-separated list of IP addresses and CIDR ranges "
        + "(\"10.0.0.5, 172.16.0.0/12, fd00::/8\")";
    public static final String FORWARDED_FOR = "X-Forwarded-For";
    /** A request over a Unix socket, or one whose peer cannot be told: all of them share one bucket. */
    public static final String UNKNOWN = "unknown";

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern PORT = Pattern.compile(":\\d{1,5}$");
    /** An IPv6 client usually holds a whole /64, so its addresses count as one. */
    private static final int IPV6_CLIENT_PREFIX_BITS = 64;
    /** More hops than any real chain of proxies; a longer header is read no further. */
    private static final int MAX_HOPS = 20;

    private final List<Range> ranges;

    private record Range(byte[] network, int bits) {
        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            return bytes.length == network.length && samePrefix(bytes, network, bits);
        }
    }

    private TrustedProxies(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** The proxies a setting names, or empty when the text is not valid. */
    public static Optional<TrustedProxies> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        List<Range> ranges = new ArrayList<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            Optional<Range> range = range(part.trim());
            if (range.isEmpty()) {
                return Optional.empty();
            }
            ranges.add(range.get());
        }
        return Optional.of(new TrustedProxies(List.copyOf(ranges)));
    }

    /** For settings that were validated at start. */
    public static TrustedProxies of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not a list of proxies: " + text));
    }

    public String clientOf(HttpServerRequest request) {
        return clientOf(request.remoteAddress(), request.getHeader(FORWARDED_FOR));
    }

    /**
     * The client's address for a connection from {@code peer} carrying {@code forwardedFor} (may be null). The header
     * is read from its end, where the nearest proxy wrote, past every trusted proxy; the first address that is not
     * one is the client. Entries further left were written by the client or proxies we do not know.
     */
    public String clientOf(SocketAddress peer, String forwardedFor) {
        Optional<InetAddress> peerAddress = peer == null ? Optional.empty() : literal(peer.hostAddress());
        if (peerAddress.isEmpty()) {
            return UNKNOWN;
        }
        InetAddress client = peerAddress.get();
        if (forwardedFor != null && trusted(client)) {
            String[] hops = forwardedFor.split(",");
            for (int i = hops.length - 1; i >= Math.max(0, hops.length - MAX_HOPS); i--) {
                Optional<InetAddress> hop = literal(withoutPort(hops[i].trim()));
                if (hop.isEmpty()) {
                    break;
                }
                client = hop.get();
                if (!trusted(client)) {
                    break;
                }
            }
        }
        return key(client);
    }

    boolean trusted(InetAddress address) {
        return ranges.stream().anyMatch(range -> range.contains(address));
    }

    /** IPv4 addresses as they are; IPv6 ones by their /64 network. */
    static String key(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] network = Arrays.copyOf(address.getAddress(), 16);
            Arrays.fill(network, IPV6_CLIENT_PREFIX_BITS / 8, 16, (byte) 0);
            try {
                return InetAddress.getByAddress(network).getHostAddress() + "/" + IPV6_CLIENT_PREFIX_BITS;
            } catch (UnknownHostException e) {
                return UNKNOWN;
            }
        }
        return address.getHostAddress();
    }

    private static Optional<Range> range(String text) {
        int slash = text.indexOf('/');
        Optional<InetAddress> address = literal(slash < 0 ? text : text.substring(0, slash));
        if (address.isEmpty()) {
            return Optional.empty();
        }
        int maxBits = address.get().getAddress().length * 8;
        int bits = maxBits;
        if (slash >= 0) {
            String suffix = text.substring(slash + 1).trim();
            if (!suffix.matches("\\d{1,3}") || Integer.parseInt(suffix) > maxBits) {
                return Optional.empty();
            }
            bits = Integer.parseInt(suffix);
        }
        return Optional.of(new Range(address.get().getAddress(), bits));
    }

    /** An IP address written as one, never a host name: nothing here may wait for DNS. */
    static Optional<InetAddress> literal(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text.trim();
        boolean v4 = IPV4.matcher(bare).matches() && Arrays.stream(bare.split("\\.")).allMatch(part -> Integer.parseInt(part) <= 255);
        if (!v4 && !IPV6.matcher(bare).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(bare));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Some proxies write "1.2.3.4:5678" or "[2001:db8::1]:5678". */
    private static String withoutPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end < 0 ? hop : hop.substring(0, end + 1);
        }
        return hop.chars().filter(c -> c == ':').count() == 1 ? PORT.matcher(hop).replaceFirst("") : hop;
    }

    private static boolean samePrefix(byte[] a, byte[] b, int bits) {
        int whole = bits / 8;
        for (int i = 0; i < whole; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (a[whole] & mask) == (b[whole] & mask);
    }
}
