package io.omadm.gateway.tree;

import io.omadm.gateway.gwmo.GwmoObjects;

/** Not used by any test but {@code ArchitectureTest}: an import the layer rule must refuse (tree below gwmo). */
public final class UpwardImportFixture {

    private UpwardImportFixture() {
    }

    static Class<?> above() {
        return GwmoObjects.class;
    }
}
