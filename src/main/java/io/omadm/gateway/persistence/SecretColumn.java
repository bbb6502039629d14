package io.omadm.gateway.persistence;

/**
 * A column that holds secrets, as its store declares it: the table, the column naming a row, the secret's column,
 * whether that is binary, and which rows hold secrets (an SQL condition, or null for every row). Resealing walks them.
 */
public record SecretColumn(String table, String key, String column, boolean binary, String rows) {
}
