package io.goakt.remote;

/**
 * Stands in a dead letter for an inbound message that could not be decoded (its type id is not registered here,
 * or its bytes were invalid). The bytes are not kept.
 *
 * @param typeId the type id the peer sent
 * @param size   the payload size in bytes
 * @param from   the peer that sent it
 * @param reason why it was refused
 */
public record UndeliverableMessage(String typeId, int size, Endpoint from, String reason) {
}
