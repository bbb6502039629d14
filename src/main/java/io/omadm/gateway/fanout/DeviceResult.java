package io.omadm.gateway.fanout;

/**
 * One device's answer in a job: its DM status (null while it has not answered), result data, and how many times it
 * was tried (more than 1 when the job's retry policy tried it again; 0 while it has not been tried).
 */
public record DeviceResult(int seq, String devId, Integer status, String data, int attempts) {
}
