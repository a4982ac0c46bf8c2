using System.Data.Common;

namespace CarbonRegistry.Storage.Database;

/// <summary>Parameters for commands that both engines run (Dapper is not used where the SQL is built per call).</summary>
internal static class CommandParameters
{
    /// <summary>Adds a parameter named <paramref name="name"/> (without the <c>@</c>).</summary>
    public static void AddParameter(this DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Adds each (name, value) as a parameter.</summary>
    public static void AddParameters(this DbCommand command, params (string Name, object Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }
    }
}
