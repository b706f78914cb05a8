package io.jenkins.plugins.relgov.plugin.approval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.ServletException;
import java.io.IOException;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * A JSON body with an HTTP status (Jenkins's {@code HttpResponses.errorJSON} always answers 200). Written with
 * Jackson: json-lib would turn user text that looks like JSON (a comment "[x]", the word "null") into JSON.
 */
final class JsonResponse implements HttpResponse {
    static final ObjectMapper JSON = new ObjectMapper();

    private final int status;
    private final ObjectNode body;

    JsonResponse(int status, ObjectNode body) {
        this.status = status;
        this.body = body;
    }

    static JsonResponse error(int status, String message) {
        return new JsonResponse(
                status, JSON.createObjectNode().put("accepted", false).put("message", message));
    }

    @Override
    public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node)
            throws IOException, ServletException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        rsp.setStatus(status);
        rsp.setContentType("application/json;charset=UTF-8");
        rsp.setContentLength(bytes.length);
        rsp.getOutputStream().write(bytes);
    }
}
