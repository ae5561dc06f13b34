package dev.crumb.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.AbstractFlashMapManager;

/**
 * Keeps Spring MVC's flash attributes ({@code RedirectAttributes.addFlashAttribute}) in the Crumb
 * session as plain JSON: per flash map its target path and parameters, its expiry and its
 * attributes. Spring's {@code SessionFlashMapManager} would store {@code FlashMap} objects, which
 * come back from a cookie as plain maps that Spring MVC cannot use.
 *
 * <p>Flash attribute values come back as JSON values: strings, numbers, booleans, lists and maps
 * arrive as they were put; any other object arrives as a map of its properties.
 */
public class CrumbFlashMapManager extends AbstractFlashMapManager {

    /** The session attribute holding the flash maps. */
    public static final String ATTRIBUTE = "crumb.flash";

    private static final String PATH = "p";
    private static final String PARAMS = "q";
    private static final String EXPIRES = "e";
    private static final String VALUES = "v";

    /** A flash map manager for requests that a {@link dev.crumb.servlet.CookieSessionFilter} wraps. */
    public CrumbFlashMapManager() {}

    @Override
    protected List<FlashMap> retrieveFlashMaps(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object stored = session == null ? null : session.getAttribute(ATTRIBUTE);
        if (!(stored instanceof List<?> list)) {
            return null;
        }
        List<FlashMap> maps = new ArrayList<>();
        for (Object item : list) {
            if (item instanceof Map<?, ?> map) {
                maps.add(flashMap(map));
            }
        }
        return maps;
    }

    @Override
    protected void updateFlashMaps(List<FlashMap> flashMaps, HttpServletRequest request, HttpServletResponse response) {
        if (flashMaps.isEmpty()) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.removeAttribute(ATTRIBUTE);
            }
            return;
        }
        List<Map<String, Object>> stored = new ArrayList<>(flashMaps.size());
        for (FlashMap flashMap : flashMaps) {
            Map<String, Object> item = new LinkedHashMap<>();
            if (flashMap.getTargetRequestPath() != null) {
                item.put(PATH, flashMap.getTargetRequestPath());
            }
            if (!flashMap.getTargetRequestParams().isEmpty()) {
                item.put(PARAMS, new LinkedHashMap<>(flashMap.getTargetRequestParams()));
            }
            item.put(EXPIRES, flashMap.getExpirationTime());
            item.put(VALUES, new LinkedHashMap<>(flashMap));
            stored.add(item);
        }
        request.getSession().setAttribute(ATTRIBUTE, stored);
    }

    /** No lock: each request has its own copy of the session, and the last response's cookie wins. */
    @Override
    protected Object getFlashMapsMutex(HttpServletRequest request) {
        return null;
    }

    private static FlashMap flashMap(Map<?, ?> item) {
        FlashMap flashMap = new FlashMap();
        if (item.get(PATH) instanceof String path) {
            flashMap.setTargetRequestPath(path);
        }
        if (item.get(PARAMS) instanceof Map<?, ?> stored) {
            MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
            for (Map.Entry<?, ?> e : stored.entrySet()) {
                if (e.getValue() instanceof List<?> values) {
                    for (Object v : values) {
                        params.add(String.valueOf(e.getKey()), String.valueOf(v));
                    }
                }
            }
            flashMap.addTargetRequestParams(params);
        }
        if (item.get(EXPIRES) instanceof Number expires) {
            flashMap.setExpirationTime(expires.longValue());
        }
        if (item.get(VALUES) instanceof Map<?, ?> values) {
            for (Map.Entry<?, ?> e : values.entrySet()) {
                flashMap.put(String.valueOf(e.getKey()), e.getValue());
            }
        }
        return flashMap;
    }
}
