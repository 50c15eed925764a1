using FluentValidation;
using MaShangYi.Api.Infrastructure.Errors;

namespace MaShangYi.Api.Infrastructure.Validation;

public static class ValidationSetup
{
    public static IServiceCollection AddApiValidation(this IServiceCollection services)
    {
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) =>
            member is null ? null : char.ToLowerInvariant(member.Name[0]) + member.Name[1..];
        services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, includeInternalTypes: true);
        return services;
    }

    /// <summary>Runs the FluentValidation validator of every validated argument before the handler; bad input never reaches it.</summary>
    public static TBuilder WithValidation<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory(ValidationFilter.Create);
}

internal static class ValidationFilter
{
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var services = context.ApplicationServices;
        var validated = context.MethodInfo.GetParameters()
            .Select((p, index) => (Index: index, Validator: services.GetService(typeof(IValidator<>).MakeGenericType(p.ParameterType)) as IValidator))
            .Where(x => x.Validator is not null)
            .ToArray();
        if (validated.Length == 0)
        {
            return next;
        }

        return async invocation =>
        {
            foreach (var (index, validator) in validated)
            {
                if (invocation.Arguments[index] is not { } argument)
                {
                    return ApiProblem.Validation("body", "请求内容不能为空。");
                }

                var result = await validator!.ValidateAsync(new ValidationContext<object>(argument), invocation.HttpContext.RequestAborted);
                if (!result.IsValid)
                {
                    return ApiProblem.Validation(result.ToDictionary());
                }
            }

            return await next(invocation);
        };
    }
}
