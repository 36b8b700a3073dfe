package dev.cascade.core.normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Frames that carry several events (an OKX batch, a Bybit allLiquidation array, a Gate result array) are handled
 * element by element: each element stands alone, so every good one is emitted and every bad one is counted with its
 * reason, whatever their order. The elements are walked first, and only then are their failures reported, together.
 */
public final class Elements {
    /** What to do with one element of a frame. */
    @FunctionalInterface
    public interface Each {
        void accept(Map<String, Object> element) throws MalformedFrameException;
    }

    private Elements() {
    }

    /**
     * Runs {@code each} on every element of {@code array} (named {@code what} in errors). Returns normally if all
     * passed; otherwise throws one MalformedFrameException with a reason per failed element, after the rest ran.
     */
    public static void each(Object array, String what, Each each) throws MalformedFrameException {
        List<String> failed = null;
        for (Object o : Json.arr(array, what)) {
            try {
                each.accept(Json.obj(o, what + "[]"));
            } catch (MalformedFrameException e) {
                failed = add(failed, e.reasons());
            } catch (Pipeline.SinkFailed e) {
                throw e; // the store failed, not the element
            } catch (RuntimeException e) {
                // An overflow or an odd value in one element must not take the others down.
                failed = add(failed, List.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
        if (failed != null) {
            throw new MalformedFrameException(failed);
        }
    }

    private static List<String> add(List<String> failed, List<String> reasons) {
        List<String> out = failed == null ? new ArrayList<>() : failed;
        out.addAll(reasons);
        return out;
    }
}
