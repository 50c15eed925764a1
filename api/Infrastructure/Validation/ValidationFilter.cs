using FluentValidation;
using MaShangYi.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace MaShangYi.Api.Infrastructure.Validation;

public static class ValidationSetup
{
    public static IServiceCollection AddApiValidation(this IServiceCollection services)
    {
        // Field names as the JSON client wrote them: "title", "onBehalfOf.phone".
        ValidatorOptions.Global.PropertyNameResolver = (_, member, expression) =>
        {
            var chain = expression is null ? member?.Name : FluentValidation.Internal.PropertyChain.FromExpression(expression).ToString();
            return chain is null ? null : string.Join('.', chain.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
        };
        services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddSingleton(sp => new NullGuard(sp.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions));
        return services;
    }

    /// <summary>
    /// Refuses nulls the request's types rule out (<see cref="NullGuard"/>), then runs the FluentValidation validator of
    /// every validated argument, before the handler: bad input never reaches it.
    /// </summary>
    public static TBuilder WithValidation<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory(ValidationFilter.Create);
}

internal static class ValidationFilter
{
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var services = context.ApplicationServices;
        var nulls = services.GetRequiredService<NullGuard>();
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

                if (nulls.Find(argument) is { Count: > 0 } missing)
                {
                    return ApiProblem.Validation(missing);
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
