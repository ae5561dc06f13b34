package dev.crumb;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * A generic type to read an attribute as, such as a list of records, which a {@code Class}
 * cannot say: create it as an anonymous subclass, so that the type argument is kept.
 *
 * <pre>{@code
 * List<CartItem> cart = session.get("cart", new TypeRef<List<CartItem>>() {});
 * }</pre>
 *
 * @param <T> the type read
 */
public abstract class TypeRef<T> {

    private final Type type;

    /**
     * Captures the type argument of the anonymous subclass.
     *
     * @throws IllegalStateException if created without a type argument ({@code new TypeRef() {}})
     */
    protected TypeRef() {
        Type superclass = getClass().getGenericSuperclass();
        if (!(superclass instanceof ParameterizedType parameterized) || getClass().getSuperclass() != TypeRef.class) {
            throw new IllegalStateException("create a TypeRef as a direct anonymous subclass with its type "
                    + "argument, e.g. new TypeRef<List<CartItem>>() {}");
        }
        this.type = parameterized.getActualTypeArguments()[0];
    }

    /** The captured type. */
    public final Type type() {
        return type;
    }

    @Override
    public String toString() {
        return "TypeRef<" + type.getTypeName() + ">";
    }
}
