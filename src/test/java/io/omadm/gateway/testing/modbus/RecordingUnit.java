package io.omadm.gateway.testing.modbus;

import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One unit (a device) of a j2mod slave whose holding registers record each request they serve, optionally slowly:
 * register i starts at {@code unit * 1000 + i}. {@link #overlapping} tells whether two requests were ever served at
 * once on a bus.
 */
public final class RecordingUnit extends SimpleProcessImage {

    /** A request the slave served: which unit, what it asked (offset+count), and when (System.nanoTime). */
    public record Served(int unit, String what, long from, long to) {
    }

    private final List<Served> served;
    private final int unit;
    public volatile long delayMillis;

    public RecordingUnit(int unit, int registers, List<Served> served) {
        this.unit = unit;
        this.served = served;
        for (int i = 0; i < registers; i++) {
            addRegister(new SimpleRegister(unit * 1000 + i));
        }
    }

    @Override
    public synchronized Register[] getRegisterRange(int offset, int count) {
        long from = System.nanoTime();
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Register[] r = super.getRegisterRange(offset, count);
        served.add(new Served(unit, offset + "+" + count, from, System.nanoTime()));
        return r;
    }

    /** Two requests served at once, as "a and b", or null when each began after the one before had ended. */
    public static String overlapping(List<Served> served) {
        List<Served> inOrder = new ArrayList<>(served);
        inOrder.sort(Comparator.comparingLong(Served::from));
        for (int i = 1; i < inOrder.size(); i++) {
            if (inOrder.get(i).from() < inOrder.get(i - 1).to()) {
                return inOrder.get(i - 1) + " and " + inOrder.get(i);
            }
        }
        return null;
    }
}
