using System.Reflection;

// Prints the embedded appsettings.json and the copied config/app.toml, so tests can see both.
using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Acme.Config.appsettings.json")
    ?? throw new InvalidOperationException("appsettings.json is not embedded");
using var reader = new StreamReader(stream);
Console.WriteLine(reader.ReadToEnd());
Console.WriteLine(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "config", "app.toml")));
