package io.authstream.retention.es;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Outcome of one bulk request: how many items did what they asked, how many deletes found nothing
 * (already gone: fine for an idempotent retry), and the first real failure, by error type.
 */
public record BulkResult(long succeeded, long notFound, long failed, String firstFailure) {

    public static BulkResult of(JsonNode response) {
        long ok = 0;
        long nf = 0;
        long failed = 0;
        String first = null;
        for (JsonNode item : response.path("items")) {
            JsonNode r = item.elements().next();
            int status = r.path("status").asInt();
            if (status >= 200 && status < 300) {
                ok++;
            } else if (status == 404 && r.path("result").asText().equals("not_found")) {
                nf++;
            } else {
                failed++;
                if (first == null) {
                    first = r.path("_index").asText() + "/" + r.path("_id").asText() + ": " + status + " "
                            + r.path("error").path("type").asText() + " " + r.path("error").path("reason").asText();
                }
            }
        }
        return new BulkResult(ok, nf, failed, first);
    }
}
