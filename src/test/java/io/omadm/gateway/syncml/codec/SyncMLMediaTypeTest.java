package io.omadm.gateway.syncml.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.syncml.MessageCorpus;
import org.junit.jupiter.api.Test;

class SyncMLMediaTypeTest {

    @Test
    void acceptsTheDmAndDataSyncTypesWithOrWithoutParameters() {
        assertEquals(SyncMLMediaType.DM_XML, SyncMLMediaType.parse("application/vnd.syncml.dm+xml").get());
        assertEquals(SyncMLMediaType.DM_WBXML, SyncMLMediaType.parse("application/vnd.syncml.dm+wbxml").get());
        assertEquals(SyncMLMediaType.DS_XML,
                SyncMLMediaType.parse("application/vnd.syncml+xml; charset=UTF-8").get());
        assertEquals(SyncMLMediaType.DS_WBXML, SyncMLMediaType.parse("application/vnd.syncml+wbxml").get());
        assertEquals(SyncMLMediaType.DM_WBXML, SyncMLMediaType.parse(
                " Application/VND.SyncML.DM+WBXML ;SEC=NETWORKID;MAC=0123abcd").get());
    }

    @Test
    void otherTypesAreNotSyncml() {
        assertTrue(SyncMLMediaType.parse("application/xml").isEmpty());
        assertTrue(SyncMLMediaType.parse("text/plain").isEmpty());
        assertTrue(SyncMLMediaType.parse("").isEmpty());
        assertTrue(SyncMLMediaType.parse(null).isEmpty());
        assertTrue(SyncMLMediaType.parse("application/vnd.syncml.notification").isEmpty());
    }

    @Test
    void theAnswerGoesInThePeersEncodingAndType() throws Exception {
        SyncMLCodec codec = new SyncMLCodec();
        for (String contentType : new String[] {"application/vnd.syncml+wbxml", "application/vnd.syncml.dm+xml"}) {
            SyncMLMediaType peer = SyncMLMediaType.parse(contentType).get();
            byte[] request = codec.encode(MessageCorpus.package1(), peer.encoding());
            byte[] answer = codec.encode(MessageCorpus.package2(), peer.encoding());
            assertEquals(MessageCorpus.package1(), codec.decode(request, peer.encoding()));
            assertEquals(MessageCorpus.package2(), codec.decode(answer, peer.encoding()));
            assertEquals(contentType, peer.mediaType(), "the reply's Content-Type echoes the request's");
        }
    }

    @Test
    void the415MessageListsWhatIsAccepted() {
        assertTrue(SyncMLMediaType.accepted().contains("application/vnd.syncml+wbxml"));
        assertTrue(SyncMLMediaType.accepted().contains("application/vnd.syncml.dm+xml"));
    }
}
