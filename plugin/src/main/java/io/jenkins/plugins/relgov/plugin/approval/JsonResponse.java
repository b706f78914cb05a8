package io.jenkins.plugins.relgov.plugin.approval;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/** A JSON body with an HTTP status (Jenkins's {@code HttpResponses.errorJSON} always answers 200). */
final class JsonResponse implements HttpResponse {
    private final int status;
    private final JSONObject body;

    JsonResponse(int status, JSONObject body) {
        this.status = status;
        this.body = body;
    }

    static JsonResponse error(int status, String message) {
        return new JsonResponse(status, new JSONObject().element("accepted", false).element("message", message));
    }

    @Override
    public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node)
            throws IOException, ServletException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        rsp.setStatus(status);
        rsp.setContentType("application/json;charset=UTF-8");
        rsp.setContentLength(bytes.length);
        rsp.getOutputStream().write(bytes);
    }
}
