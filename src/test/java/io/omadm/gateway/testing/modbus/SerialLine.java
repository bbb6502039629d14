package io.omadm.gateway.testing.modbus;

import com.ghgande.j2mod.modbus.procimg.ProcessImage;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import com.ghgande.j2mod.modbus.util.SerialParameters;
import io.omadm.gateway.testing.ExternalTool;
import io.omadm.gateway.testing.TempPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A serial line between two programs of the test: a pair of linked pseudo-terminals made by Debian's socat
 * (scripts/test installs it), one end for the gateway ({@link #gatewayEnd}), the other for the simulated devices on
 * the bus ({@link #devicesEnd}). Bytes written at one end come out at the other, as on an RS-485 line with two nodes.
 */
public final class SerialLine implements AutoCloseable {

    private final Process socat;
    private final Path gateway;
    private final Path devices;

    public SerialLine() throws IOException, InterruptedException {
        Path dir = TempPaths.dir("serial");
        gateway = dir.resolve("gateway");
        devices = dir.resolve("devices");
        socat = new ProcessBuilder(ExternalTool.require("socat", "socat").toString(), "-d",
                "pty,raw,echo=0,link=" + gateway, "pty,raw,echo=0,link=" + devices)
                .redirectErrorStream(true).redirectOutput(TempPaths.file("socat", ".log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(gateway) && Files.exists(devices))) {
            if (System.nanoTime() > deadline || !socat.isAlive()) {
                throw new IllegalStateException("socat made no pseudo-terminal pair");
            }
            Thread.sleep(20);
        }
    }

    /** The gateway's end: the real device file (/dev/pts/N), as a site names its serial port. */
    public String gatewayEnd() throws IOException {
        return gateway.toRealPath().toString();
    }

    public String devicesEnd() throws IOException {
        return devices.toRealPath().toString();
    }

    /** A Modbus RTU slave (j2mod) on the devices' end at {@code baud} 8N1, serving each unit's registers, opened. */
    public ModbusSlave rtuSlave(int baud, Map<Integer, ? extends ProcessImage> units) throws Exception {
        SerialParameters p = new SerialParameters();
        p.setPortName(devicesEnd());
        p.setBaudRate(baud);
        p.setDatabits(8);
        p.setParity("none");
        p.setStopbits(1);
        p.setEncoding("rtu");
        p.setEcho(false);
        ModbusSlave slave = ModbusSlaveFactory.createSerialSlave(p);
        units.forEach(slave::addProcessImage);
        slave.open();
        return slave;
    }

    @Override
    public void close() {
        socat.destroy();
    }
}
