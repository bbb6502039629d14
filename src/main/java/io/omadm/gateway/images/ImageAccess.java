package io.omadm.gateway.images;

import io.omadm.gateway.persistence.Settings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may download stored images (DCIS-001: the devices behind the gateway): clients whose address is in the
 * allow-list (CIDR blocks, by default the private and loopback ranges a site LAN uses), and any client with the
 * per-device token of an image, an HMAC of the image and the device under a key only the gateway has.
 */
public final class ImageAccess {

    private final List<Block> allowed = new ArrayList<>();
    private final byte[] key;

    /** @param allowList comma-separated CIDR blocks ("10.0.0.0/8, fd00::/8"); an address alone is one host */
    public ImageAccess(String allowList, byte[] key) {
        for (String cidr : allowList.split(",")) {
            if (!cidr.isBlank()) {
                allowed.add(Block.parse(cidr.trim()));
            }
        }
        this.key = key.clone();
    }

    public boolean allows(String remoteAddress, String sha256, String devId, String token) {
        return inAllowList(remoteAddress) || (devId != null && token != null && MessageDigest.isEqual(
                token(sha256, devId).getBytes(StandardCharsets.US_ASCII), token.getBytes(StandardCharsets.US_ASCII)));
    }

    public boolean inAllowList(String remoteAddress) {
        byte[] a;
        try {
            a = InetAddress.getByName(remoteAddress).getAddress(); // a literal: no lookup
        } catch (UnknownHostException | RuntimeException e) {
            return false;
        }
        return allowed.stream().anyMatch(b -> b.contains(a));
    }

    /** The token that lets one device fetch one image from anywhere (base64url, no padding). */
    public String token(String sha256, String devId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] h = mac.doFinal((sha256 + "\n" + devId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(h);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Block(byte[] network, int bits) {
        static Block parse(String cidr) {
            String[] parts = cidr.split("/", 2);
            byte[] net;
            try {
                if (!parts[0].matches("[0-9a-fA-F.:]+")) {
                    throw new IllegalArgumentException("'" + cidr + "' is not an address block (a.b.c.d/n or x::/n)");
                }
                net = InetAddress.getByName(parts[0]).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + cidr + "' is not an address block (a.b.c.d/n or x::/n)", e);
            }
            int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : net.length * 8;
            if (bits < 0 || bits > net.length * 8) {
                throw new IllegalArgumentException("'" + cidr + "': /" + bits + " does not fit the address");
            }
            return new Block(net, bits);
        }

        boolean contains(byte[] a) {
            if (a.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((a[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The gateway's key for device tokens: made once, kept with its settings. */
    public static byte[] tokenKey(Settings settings) {
        String name = "images/token-key";
        Optional<String> kept = settings.get(name);
        if (kept.isPresent()) {
            return Base64.getDecoder().decode(kept.get());
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        settings.put(name, Base64.getEncoder().encodeToString(key));
        return key;
    }
}
