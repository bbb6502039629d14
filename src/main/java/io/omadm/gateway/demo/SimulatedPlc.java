package io.omadm.gateway.demo;

import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A PLC of the {@code modbus-demo} type (adapters/profiles/modbus-demo.yaml): a Modbus TCP slave (j2mod) on
 * 127.0.0.1 with Speed in holding register 0, Temperature in tenths of a degree in input register 0, and a Start
 * coil 0 whose pulses it counts.
 */
public final class SimulatedPlc implements AutoCloseable {

    private final int port;
    private final SimpleRegister speed = new SimpleRegister(1500);
    private final SimpleInputRegister temperature = new SimpleInputRegister(215);
    private final AtomicInteger startPulses = new AtomicInteger();
    private final SimpleDigitalOut start = new SimpleDigitalOut(false) {
        @Override
        public void set(boolean b) {
            if (isSet() && !b) {
                startPulses.incrementAndGet(); // a falling edge ends a pulse
            }
            super.set(b);
        }
    };
    private ModbusSlave slave;

    public SimulatedPlc(int port) {
        this.port = port;
    }

    /** Starts the slave; returns the device address (host:port) the gateway dials. */
    public String start() throws Exception {
        SimpleProcessImage image = new SimpleProcessImage();
        image.addRegister(speed);
        image.addInputRegister(temperature);
        image.addDigitalOut(start);
        slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 5, false);
        slave.addProcessImage(1, image);
        slave.open();
        return "127.0.0.1:" + port;
    }

    public int speed() {
        return speed.getValue();
    }

    public int startPulses() {
        return startPulses.get();
    }

    @Override
    public void close() {
        if (slave != null) {
            ModbusSlaveFactory.close(slave);
        }
    }
}
