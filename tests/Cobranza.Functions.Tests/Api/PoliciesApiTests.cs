using System.Net;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class PoliciesApiTests(AppFixture fixture)
{
    private CobranzaApi Api => fixture.Api;

    [Theory]
    [InlineData("steps[0].wait", "\"1 day\"", "steps[0].wait")]
    [InlineData("steps[0].wait", "7", "steps[0].wait")]
    [InlineData("steps[1].channels", "[\"fax\"]", "steps[1].channels")]
    [InlineData("steps[0].tone", "\"rude\"", "steps[0].tone")]
    [InlineData("steps[0].template", "\"Has Spaces\"", "steps[0].template")]
    [InlineData("handoff.to", "\"police\"", "handoff.to")]
    [InlineData("promiseGrace", "\"soon\"", "promiseGrace")]
    [InlineData("steps", "[]", "steps")]
    public async Task PutPolicy_InvalidField_Returns400NamingTheFieldAndStoresNothing(string path, string json, string errorKey)
    {
        var name = Ids.NewPolicyName("bad");

        using var response = await Api.PutAsync($"api/policies/{name}", PolicyBody.WithWaits("P1D", "P7D").WithRaw(path, json).ToJson());

        await Problem.AssertValidationAsync(response, errorKey);
        using var read = await Api.GetAsync($"api/policies/{name}");
        await Problem.AssertAsync(read, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PutPolicy_SeveralBadFields_Returns400NamingEveryOne()
    {
        var body = PolicyBody.WithWaits("P1D", "P7D").WithRaw("steps[0].wait", "\"1 day\"").WithRaw("handoff.to", "\"police\"");

        using var response = await Api.PutAsync($"api/policies/{Ids.NewPolicyName("bad")}", body.ToJson());

        var errors = (await Problem.AssertAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("steps[0].wait", out _) && errors.TryGetProperty("handoff.to", out _), errors.ToString());
    }

    [Fact]
    public async Task PutPolicy_NameNotAllowed_Returns400ForName()
    {
        using var response = await Api.PutAsync("api/policies/Upper%20Case", PolicyBody.WithWaits("P1D").ToJson());

        await Problem.AssertValidationAsync(response, "name");
    }

    [Fact]
    public async Task GetPolicy_AfterTwoPuts_ReturnsTheLatestVersion()
    {
        var name = Ids.NewPolicyName("latest");
        var first = await Api.PutPolicyAsync(name, PolicyBody.WithWaits("P1D"));
        var second = await Api.PutPolicyAsync(name, PolicyBody.WithWaits("P2D", "P9D").HandedOffTo("legal", "P30D"));

        using var response = await Api.GetAsync($"api/policies/{name}");

        var latest = await CobranzaApi.ReadAsync<PolicyDto>(response, HttpStatusCode.OK);
        Assert.Equal((1, 2), (first.Version, second.Version));
        Assert.Equal((name, 2), (latest.Name, latest.Version));
        Assert.Equal(["P2D", "P9D"], latest.Steps.Select(s => s.Wait));
        Assert.Equal("legal", latest.Handoff.GetProperty("to").GetString());
    }

    [Fact]
    public async Task GetPolicy_Unknown_Returns404()
    {
        using var response = await Api.GetAsync($"api/policies/{Ids.NewPolicyName("none")}");

        await Problem.AssertAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetPolicy_Default_IsSeededAtStart()
    {
        using var response = await Api.GetAsync("api/policies/default");

        var policy = await CobranzaApi.ReadAsync<PolicyDto>(response, HttpStatusCode.OK);
        Assert.Equal(("default", 4), (policy.Name, policy.Steps.Count));
    }
}
