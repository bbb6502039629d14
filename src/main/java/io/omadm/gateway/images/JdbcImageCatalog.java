package io.omadm.gateway.images;

import io.omadm.gateway.persistence.Sql;
import io.omadm.gateway.persistence.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@link ImageCatalog} in the {@code image_*} tables (Flyway V6). */
public final class JdbcImageCatalog implements ImageCatalog {

    private static final String COLUMNS = "e.entry_id, e.image_id, e.source, e.want_sha256, e.want_size, e.sha256,"
            + " b.size, e.status, e.detail";

    private final DataSource db;

    public JdbcImageCatalog(DataSource db) {
        this.db = db;
    }

    @Override
    public boolean create(String entryId, String imageId, String source, String wantSha256, Long wantSize,
            long now) {
        if (find(entryId).isPresent()) {
            return false;
        }
        try {
            return update("INSERT INTO image_entry (entry_id, image_id, source, want_sha256, want_size, status,"
                    + " created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", entryId, imageId, source, wantSha256,
                    wantSize, ImageEntry.EMPTY, now, now) == 1;
        } catch (StoreException e) {
            if (find(entryId).isPresent()) {
                return false; // created meanwhile
            }
            throw e;
        }
    }

    @Override
    public Optional<ImageEntry> find(String entryId) {
        List<ImageEntry> found = entries("WHERE e.entry_id = ?", entryId);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public List<ImageEntry> list() {
        return entries("ORDER BY e.entry_id");
    }

    @Override
    public boolean describe(String entryId, String imageId, String source, String wantSha256, Long wantSize,
            long now) {
        return update("UPDATE image_entry SET image_id = COALESCE(?, image_id), source = COALESCE(?, source),"
                + " want_sha256 = COALESCE(?, want_sha256), want_size = COALESCE(?, want_size), updated = ?"
                + " WHERE entry_id = ?", imageId, source, wantSha256, wantSize, now, entryId) == 1;
    }

    @Override
    public boolean status(String entryId, String status, String detail, long now) {
        return update("UPDATE image_entry SET status = ?, detail = ?, updated = ? WHERE entry_id = ?", status,
                detail, now, entryId) == 1;
    }

    @Override
    public boolean downloading(String entryId, String correlator, long now) {
        return update("UPDATE image_entry SET status = ?, detail = NULL, correlator = ?, updated = ?"
                + " WHERE entry_id = ? AND status <> ?", ImageEntry.DOWNLOADING, correlator, now, entryId,
                ImageEntry.DOWNLOADING) == 1;
    }

    @Override
    public String correlator(String entryId) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT correlator FROM image_entry WHERE entry_id = ?")) {
            ps.setString(1, entryId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read image entry " + entryId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<ImageEntry> downloadingEntries() {
        return entries("WHERE e.status = ?", ImageEntry.DOWNLOADING);
    }

    @Override
    public boolean stored(String entryId, String sha256, long size, long now) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!exists(c, sha256)) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO image_blob (sha256, size, stored)"
                            + " VALUES (?, ?, ?)")) {
                        Sql.bind(ps, sha256, size, now);
                        ps.executeUpdate();
                    }
                }
                int n;
                try (PreparedStatement ps = c.prepareStatement("UPDATE image_entry SET sha256 = ?, status = ?,"
                        + " detail = NULL, updated = ? WHERE entry_id = ?")) {
                    Sql.bind(ps, sha256, ImageEntry.STORED, now, entryId);
                    n = ps.executeUpdate();
                }
                c.commit();
                return n == 1;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot record image " + sha256 + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean delete(String entryId) {
        return update("DELETE FROM image_entry WHERE entry_id = ?", entryId) == 1;
    }

    @Override
    public boolean isStored(String sha256) {
        return query("SELECT size FROM image_blob WHERE sha256 = ?", sha256) != null;
    }

    @Override
    public long usedBytes() {
        Long used = query("SELECT COALESCE(SUM(size), 0) FROM image_blob");
        return used == null ? 0 : used;
    }

    @Override
    public List<String> unreferenced() {
        List<String> gone = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("SELECT sha256 FROM image_blob b WHERE NOT EXISTS"
                        + " (SELECT 1 FROM image_entry e WHERE e.sha256 = b.sha256)");
                        ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        gone.add(rs.getString(1));
                    }
                }
                try (PreparedStatement del = c.prepareStatement("DELETE FROM image_blob WHERE sha256 = ? AND NOT"
                        + " EXISTS (SELECT 1 FROM image_entry e WHERE e.sha256 = ?)")) {
                    for (String sha : gone) {
                        Sql.bind(del, sha, sha);
                        del.addBatch();
                    }
                    del.executeBatch();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot collect unused images: " + e.getMessage(), e);
        }
        gone.removeIf(this::isStored); // referred to again meanwhile: kept
        return gone;
    }

    private static boolean exists(Connection c, String sha256) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM image_blob WHERE sha256 = ?")) {
            ps.setString(1, sha256);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private List<ImageEntry> entries(String where, Object... args) {
        List<ImageEntry> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM image_entry e LEFT JOIN image_blob b ON b.sha256 = e.sha256 " + where)) {
            Sql.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long wantSize = rs.getLong(5);
                    Long want = rs.wasNull() ? null : wantSize;
                    long size = rs.getLong(7);
                    Long stored = rs.wasNull() ? null : size;
                    out.add(new ImageEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), want,
                            rs.getString(6), stored, rs.getString(8), rs.getString(9)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read image entries: " + e.getMessage(), e);
        }
        return out;
    }

    private Long query(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read images: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot write image entries: " + e.getMessage(), e);
        }
    }

}
