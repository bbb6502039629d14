package io.omadm.gateway.adaptation.sparkplug;

import java.util.ArrayList;
import java.util.List;

/** What a {@link HostState} under test asked its host to do, as lines ("born DevId", "died DevId", "rebirth DevId"). */
final class RecordedEvents implements HostState.Events {

    final List<String> events = new ArrayList<>();

    @Override
    public void born(Birth birth) {
        events.add("born " + birth.devId());
    }

    @Override
    public void died(String devId) {
        events.add("died " + devId);
    }

    @Override
    public void rebirth(EdgeNode node) {
        events.add("rebirth " + node.devId);
    }
}
