package io.omadm.gateway.fanout;

/**
 * One device's part of a job: its place in the job's results, and the southbound connection it is reached over
 * ({@code connKey}), which bounds how many tasks run on it at once.
 */
public record DeviceTask(String jobId, int seq, String devId, String connKey) {
}
