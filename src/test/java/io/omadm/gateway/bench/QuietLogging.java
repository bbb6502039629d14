package io.omadm.gateway.bench;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The benchmark JVM's own logging at INFO. The test classpath carries JBoss LogManager, whose System.Logger, left
 * unconfigured outside Quarkus, lets DEBUG and TRACE through: the JDK HTTP client then formats a debug record for
 * every frame it reads or writes, which measured as most of the load generator's CPU, taken from the gateway it drives
 * on the same cores. Setting the JUL root level is what that System.Logger follows here.
 */
final class QuietLogging {

    private QuietLogging() {
    }

    static void apply() {
        Logger.getLogger("").setLevel(Level.INFO);
    }
}
