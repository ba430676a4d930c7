package org.mlgate.guard;

/** The kinds of personal data the {@code pii} rail finds. */
public enum PiiKind { CARD, IBAN, EMAIL, PHONE, SSN }
