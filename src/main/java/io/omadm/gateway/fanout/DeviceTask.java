package io.omadm.gateway.fanout;

/**
 * One device's part of a job: its place in the job's results, the southbound connection it is reached over
 * ({@code connKey}, which bounds how many tasks run on it at once), and how many tries of it failed before (a job
 * resumed after a restart goes on counting).
 */
public record DeviceTask(String jobId, int seq, String devId, String connKey, int failures) {
}
