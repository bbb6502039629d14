package io.omadm.gateway.fanout;

/** One device's answer in a job: its DM status (null while it has not answered) and result data. */
public record DeviceResult(int seq, String devId, Integer status, String data) {
}
