namespace CarbonRegistry.Accounting.Balances;

/// <summary>
/// One exact decimal per <see cref="BalanceComponent"/>, in <see cref="BalanceComponentList.All"/>
/// order. Immutable, compared by value; adding and subtracting go component by component.
/// </summary>
public sealed class ComponentVector : IEquatable<ComponentVector>
{
    private readonly decimal[] _values;

    private ComponentVector(decimal[] values) => _values = values;

    /// <summary>Every component zero.</summary>
    public static ComponentVector Zero { get; } = new(new decimal[BalanceComponentList.Count]);

    /// <summary>The value of <paramref name="component"/>.</summary>
    public decimal this[BalanceComponent component] => _values[BalanceComponentList.IndexOf(component)];

    /// <summary>The values in <see cref="BalanceComponentList.All"/> order.</summary>
    public ReadOnlySpan<decimal> Values => _values;

    /// <summary>Whether every component is zero.</summary>
    public bool IsZero => Array.TrueForAll(_values, value => value == 0m);

    /// <summary>A vector of <paramref name="values"/> in <see cref="BalanceComponentList.All"/> order.</summary>
    public static ComponentVector FromValues(ReadOnlySpan<decimal> values) =>
        values.Length == BalanceComponentList.Count
            ? new ComponentVector(values.ToArray())
            : throw new ArgumentException($"A balance has {BalanceComponentList.Count} components, not {values.Length}.", nameof(values));

    /// <summary>This vector with one component replaced.</summary>
    public ComponentVector With(BalanceComponent component, decimal value)
    {
        var values = (decimal[])_values.Clone();
        values[BalanceComponentList.IndexOf(component)] = value;
        return new ComponentVector(values);
    }

    /// <summary>Component-wise sum.</summary>
    public ComponentVector Plus(ComponentVector other)
    {
        var values = new decimal[_values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = _values[i] + other._values[i];
        }

        return new ComponentVector(values);
    }

    /// <summary>Component-wise difference (this − other).</summary>
    public ComponentVector Minus(ComponentVector other)
    {
        var values = new decimal[_values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = _values[i] - other._values[i];
        }

        return new ComponentVector(values);
    }

    /// <inheritdoc/>
    public bool Equals(ComponentVector? other) => other is not null && _values.AsSpan().SequenceEqual(other._values);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ComponentVector);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var value in _values)
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    /// <summary>Builds a vector component by component: <c>new ComponentVector.Builder { [HeatTce] = 1m }.ToVector()</c>.</summary>
    public sealed class Builder
    {
        private readonly decimal[] _values = new decimal[BalanceComponentList.Count];

        /// <summary>The value of <paramref name="component"/> so far.</summary>
        public decimal this[BalanceComponent component]
        {
            get => _values[BalanceComponentList.IndexOf(component)];
            set => _values[BalanceComponentList.IndexOf(component)] = value;
        }

        /// <summary>Adds <paramref name="vector"/> component by component.</summary>
        public void Add(ComponentVector vector)
        {
            for (var i = 0; i < _values.Length; i++)
            {
                _values[i] += vector._values[i];
            }
        }

        /// <summary>The vector built so far.</summary>
        public ComponentVector ToVector() => new((decimal[])_values.Clone());
    }
}
