package org.mlgate.train.data;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** One synthetic card transaction, as written by {@link FraudGenerator} (CSV column = JSON key = field name). */
@JsonPropertyOrder({"transaction_id", "customer_id", "hour", "amount", "merchant_category", "card_present",
    "online", "distance_from_home_km", "distance_from_last_txn_km", "txn_count_1h", "txn_count_24h", "amount_24h",
    "age", "gender", "region", "income_band", "is_fraud"})
public record FraudRow(
        @JsonProperty("transaction_id") String transactionId,
        @JsonProperty("customer_id") String customerId,
        @JsonProperty("hour") int hour,
        @JsonProperty("amount") double amount,
        @JsonProperty("merchant_category") String merchantCategory,
        @JsonProperty("card_present") int cardPresent,
        @JsonProperty("online") int online,
        @JsonProperty("distance_from_home_km") double distanceFromHomeKm,
        @JsonProperty("distance_from_last_txn_km") double distanceFromLastTxnKm,
        @JsonProperty("txn_count_1h") int txnCount1h,
        @JsonProperty("txn_count_24h") int txnCount24h,
        @JsonProperty("amount_24h") double amount24h,
        @JsonProperty("age") int age,
        @JsonProperty("gender") String gender,
        @JsonProperty("region") String region,
        @JsonProperty("income_band") String incomeBand,
        @JsonProperty("is_fraud") int isFraud) {

    public static final List<String> COLUMNS = List.of("transaction_id", "customer_id", "hour", "amount",
            "merchant_category", "card_present", "online", "distance_from_home_km", "distance_from_last_txn_km",
            "txn_count_1h", "txn_count_24h", "amount_24h", "age", "gender", "region", "income_band", "is_fraud");

    /** The cells in {@link #COLUMNS} order, numbers as Java's shortest round-trip decimal form. */
    public List<String> cells() {
        return List.of(transactionId, customerId, Integer.toString(hour), Double.toString(amount), merchantCategory,
                Integer.toString(cardPresent), Integer.toString(online), Double.toString(distanceFromHomeKm),
                Double.toString(distanceFromLastTxnKm), Integer.toString(txnCount1h), Integer.toString(txnCount24h),
                Double.toString(amount24h), Integer.toString(age), gender, region, incomeBand,
                Integer.toString(isFraud));
    }
}
