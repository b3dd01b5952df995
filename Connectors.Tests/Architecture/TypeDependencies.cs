using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Connectors.Tests.Architecture;

/// <summary>
/// Which types every type of an assembly uses, read from the compiled IL with Mono.Cecil: base types,
/// interfaces, fields, properties, method signatures, attributes, generic arguments and every type, method
/// or field a method body touches. Compiler-generated nested types (lambdas, async state machines) count
/// for the type that declares them.
/// </summary>
public sealed class TypeDependencies
{
    private readonly Dictionary<string, HashSet<string>> _uses = [];

    private TypeDependencies()
    {
    }

    /// <summary>Full names of the types in the assembly, each with the full names of the types it uses.</summary>
    public IReadOnlyDictionary<string, HashSet<string>> Uses => _uses;

    public static TypeDependencies Read(params System.Reflection.Assembly[] assemblies)
    {
        var result = new TypeDependencies();
        foreach (var assembly in assemblies)
        {
            using var module = ModuleDefinition.ReadModule(assembly.Location);
            foreach (var type in module.Types)
            {
                result.Collect(type, OwnerName(type));
            }
        }

        return result;
    }

    /// <summary>The namespace a type is filed under: a nested type's outermost declaring type's.</summary>
    public static string NamespaceOf(string fullName)
    {
        var outer = fullName.Split('/')[0];
        var dot = outer.LastIndexOf('.');
        return dot < 0 ? "" : outer[..dot];
    }

    private static string OwnerName(TypeDefinition type) => type.FullName;

    private void Collect(TypeDefinition type, string owner)
    {
        if (!_uses.TryGetValue(owner, out var uses))
        {
            _uses[owner] = uses = [];
        }

        Add(uses, type.BaseType);
        foreach (var i in type.Interfaces)
        {
            Add(uses, i.InterfaceType);
        }

        AddAttributes(uses, type);
        foreach (var field in type.Fields)
        {
            Add(uses, field.FieldType);
            AddAttributes(uses, field);
        }

        foreach (var property in type.Properties)
        {
            Add(uses, property.PropertyType);
            AddAttributes(uses, property);
        }

        foreach (var method in type.Methods)
        {
            AddMethod(uses, method);
        }

        foreach (var nested in type.NestedTypes)
        {
            // Nested types (records' helpers, lambdas' closures, async state machines) belong to their owner.
            Collect(nested, owner);
        }
    }

    private static void AddMethod(HashSet<string> uses, MethodDefinition method)
    {
        Add(uses, method.ReturnType);
        foreach (var p in method.Parameters)
        {
            Add(uses, p.ParameterType);
        }

        AddAttributes(uses, method);
        if (!method.HasBody)
        {
            return;
        }

        foreach (var variable in method.Body.Variables)
        {
            Add(uses, variable.VariableType);
        }

        foreach (var instruction in method.Body.Instructions)
        {
            switch (instruction.Operand)
            {
                case TypeReference t:
                    Add(uses, t);
                    break;
                case MethodReference m:
                    Add(uses, m.DeclaringType);
                    Add(uses, m.ReturnType);
                    foreach (var p in m.Parameters)
                    {
                        Add(uses, p.ParameterType);
                    }

                    if (m is GenericInstanceMethod g)
                    {
                        foreach (var a in g.GenericArguments)
                        {
                            Add(uses, a);
                        }
                    }

                    break;
                case FieldReference f:
                    Add(uses, f.DeclaringType);
                    Add(uses, f.FieldType);
                    break;
            }
        }

        foreach (var handler in method.Body.ExceptionHandlers.Where(h => h.HandlerType == ExceptionHandlerType.Catch))
        {
            Add(uses, handler.CatchType);
        }
    }

    private static void AddAttributes(HashSet<string> uses, ICustomAttributeProvider provider)
    {
        foreach (var attribute in provider.CustomAttributes)
        {
            Add(uses, attribute.AttributeType);
        }
    }

    private static void Add(HashSet<string> uses, TypeReference? type)
    {
        switch (type)
        {
            case null or GenericParameter:
                return;
            case GenericInstanceType generic:
                Add(uses, generic.ElementType);
                foreach (var argument in generic.GenericArguments)
                {
                    Add(uses, argument);
                }

                return;
            case TypeSpecification spec: // arrays, by-ref, pointers, modifiers
                Add(uses, spec.ElementType);
                return;
            default:
                uses.Add(type.FullName);
                return;
        }
    }
}
