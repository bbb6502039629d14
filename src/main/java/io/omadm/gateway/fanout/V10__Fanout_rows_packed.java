package io.omadm.gateway.fanout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Schema 10: a fanout job's devices and answers are stored many to a row ({@link Packed}) instead of a row per device,
 * and the job keeps its count of answered devices. Jobs already stored, running or ended, are carried over with every
 * device and answer. A Java migration: packing rows is not portable SQL. Portable SQL otherwise (H2, PostgreSQL).
 */
@SuppressWarnings("checkstyle:TypeName") // Flyway reads the version from the class name
public final class V10__Fanout_rows_packed extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE fanout_job ADD COLUMN answered INT DEFAULT 0 NOT NULL");
            s.execute("CREATE TABLE fanout_target (job_id VARCHAR(255) NOT NULL REFERENCES fanout_job (job_id)"
                    + " ON DELETE CASCADE, chunk INT NOT NULL, devices BYTEA NOT NULL, PRIMARY KEY (job_id, chunk))");
            s.execute("CREATE TABLE fanout_answer (job_id VARCHAR(255) NOT NULL REFERENCES fanout_job (job_id)"
                    + " ON DELETE CASCADE, batch BIGINT NOT NULL, answers BYTEA NOT NULL,"
                    + " PRIMARY KEY (job_id, batch))");
        }
        List<String> jobs = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT job_id FROM fanout_job")) {
            while (rs.next()) {
                jobs.add(rs.getString(1));
            }
        }
        for (String job : jobs) {
            carryOver(c, job);
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE fanout_result");
        }
    }

    private static void carryOver(Connection c, String job) throws SQLException {
        List<String[]> targets = new ArrayList<>();
        List<Packed.Answer> answers = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT dev_id, conn_key, status, answered, data"
                + " FROM fanout_result WHERE job_id = ? ORDER BY seq")) {
            ps.setString(1, job);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int seq = targets.size(); // results were numbered 0, 1, 2, ... from the start
                    targets.add(new String[] {rs.getString(1), rs.getString(2)});
                    int status = rs.getInt(3);
                    if (!rs.wasNull()) {
                        answers.add(new Packed.Answer(seq, status, rs.getLong(4), rs.getBytes(5)));
                    }
                }
            }
        }
        insert(c, "INSERT INTO fanout_target (job_id, chunk, devices) VALUES (?, ?, ?)", job,
                Packed.targets(targets), 0);
        insert(c, "INSERT INTO fanout_answer (job_id, batch, answers) VALUES (?, ?, ?)", job,
                Packed.answers(answers), 1);
        try (PreparedStatement ps = c.prepareStatement("UPDATE fanout_job SET answered = ? WHERE job_id = ?")) {
            ps.setInt(1, answers.size());
            ps.setString(2, job);
            ps.executeUpdate();
        }
    }

    private static void insert(Connection c, String sql, String job, List<byte[]> rows, int first)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < rows.size(); i++) {
                ps.setString(1, job);
                ps.setLong(2, first + i);
                ps.setBytes(3, rows.get(i));
                ps.executeUpdate();
            }
        }
    }
}
