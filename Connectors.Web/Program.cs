var builder = WebApplication.CreateBuilder(args);
builder.Services.AddConnectorsDomain(builder.Configuration);
var app = builder.Build();
app.Run();

public partial class Program;
